import { expect, test } from '@playwright/test';
import {
  BACKEND_URL,
  guestToken,
  screenshot,
  signInAsGuest,
  waitForAssessments,
} from './portal';

/*
 * Owners hear about regressions (issue 18), on the running portal: the guest is a member of
 * team-checkout (examples/org.yaml), which owns orders-production-bucket. A change made in
 * the simulated account (its public access block removed) reaches the verdict (through the
 * events path, and a refresh for good measure), and the notifications backend holds one
 * notification for the guest; putting the block back turns it into a "resolved" one.
 *
 * The guest sees it in Chromium: the bell in the sidebar counts it and the notifications page
 * lists it; the API, read as the guest, shows that there is exactly one per bucket.
 */

const SIMULATOR_URL = 'http://127.0.0.1:4667';
const BUCKET = 'securecart-orders-production';
const ENTITY = 'resource:default/orders-production-bucket';

/** A write to the simulated account, as the AWS CLI sends it (signatures are not checked). */
async function publicAccessBlock(on: boolean) {
  const flags = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy']
    .concat('RestrictPublicBuckets')
    .map(f => `<${f}>true</${f}>`)
    .join('');
  const res = await fetch(`${SIMULATOR_URL}/${BUCKET}?publicAccessBlock`, {
    method: on ? 'PUT' : 'DELETE',
    headers: {
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIASECURECARTPROD01/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0',
      'content-type': 'application/xml',
    },
    body: on
      ? `<PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${flags}</PublicAccessBlockConfiguration>`
      : undefined,
  });
  expect(res.ok).toBe(true);
}

type Notification = {
  payload: {
    title: string;
    description?: string;
    link?: string;
    severity?: string;
    topic?: string;
    scope?: string;
  };
};

async function notificationsOfBucket(token: string): Promise<Notification[]> {
  const res = await fetch(`${BACKEND_URL}/api/notifications/notifications`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  const body = await res.json();
  return (body.notifications as Notification[]).filter(
    n => n.payload.scope === ENTITY,
  );
}

async function refresh(token: string) {
  const res = await fetch(
    `${BACKEND_URL}/api/s3/v1/buckets/default/orders-production-bucket/refresh`,
    { method: 'POST', headers: { authorization: `Bearer ${token}` } },
  );
  expect(res.status).toBe(200);
  return res.json();
}

test('a change in the simulated account notifies the guest, a member of the owning team, once; the fix turns it into "resolved"', async ({
  page,
}) => {
  const buckets = await waitForAssessments(14);
  expect(buckets.find(b => b.entityRef === ENTITY)?.status).toBe('compliant');
  const token = await guestToken();
  expect(await notificationsOfBucket(token)).toEqual([]);

  await publicAccessBlock(false);
  expect((await refresh(token)).status).toBe('non-compliant');
  await expect
    .poll(async () => (await notificationsOfBucket(token)).length, {
      timeout: 30_000,
    })
    .toBe(1);
  const [regression] = await notificationsOfBucket(token);
  expect(regression.payload).toEqual(
    expect.objectContaining({
      title: 'orders-production-bucket is now non-compliant',
      description: expect.stringMatching(
        /^Newly failing: .*\(bucket-public-access-block, high\)/,
      ),
      link: '/catalog/default/resource/orders-production-bucket/s3',
      severity: 'high',
      topic: ENTITY,
    }),
  );

  // What the guest sees: the bell counts it, the page lists it with its link.
  await signInAsGuest(page);
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(nav.getByRole('link', { name: /Notifications/ })).toBeVisible();
  await nav.getByRole('link', { name: /Notifications/ }).click();
  const title = page.getByText('orders-production-bucket is now non-compliant');
  await expect(title).toBeVisible();
  await screenshot(page, '20-notification');

  // The fix: the same notification becomes a "resolved" one (one per bucket, not two).
  await publicAccessBlock(true);
  expect((await refresh(token)).status).toBe('compliant');
  await expect
    .poll(
      async () =>
        (await notificationsOfBucket(token)).map(n => n.payload.title),
      { timeout: 30_000 },
    )
    .toEqual(['Resolved: orders-production-bucket is now compliant']);
  const [resolved] = await notificationsOfBucket(token);
  expect(resolved.payload.severity).toBe('low');
  // The page shows the updated notification in place of the first one.
  await page.reload();
  await expect(
    page.getByText('Resolved: orders-production-bucket is now compliant'),
  ).toBeVisible();
  await expect(
    page.getByText('orders-production-bucket is now non-compliant'),
  ).toHaveCount(0);
  await screenshot(page, '21-notification-resolved');
});
