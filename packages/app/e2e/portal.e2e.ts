import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import {
  SCREENSHOT_DIR,
  screenshot,
  signInAsGuest,
  waitForAssessments,
  waitForFacts,
  waitForInventory,
} from './portal';

/** The simulated AWS account of the e2e portal (e2e/app-config.e2e.yaml). */
const SIMULATOR_URL = 'http://127.0.0.1:4667';

/*
 * The local portal with the demo data: the example bucket docs (examples/buckets) judged
 * against the simulated AWS account (examples/scenario.yaml). One browser page, signed in
 * once as the guest, walks through the plugin's screens in order.
 */
test.describe.configure({ mode: 'serial' });

let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page?.close();
});

test('the backend assesses every example bucket', async () => {
  test.setTimeout(180_000);
  const buckets = await waitForAssessments(14);
  const status = (name: string) =>
    buckets.find(b => b.entityRef === `resource:default/${name}`)?.status;
  expect(status('orders-production-bucket')).toBe('compliant');
  expect(status('orders-staging-bucket')).toBe('non-compliant');
  expect(status('product-images-staging-bucket')).toBe('non-compliant');
  // And the buckets no doc describes, which the browse page lists too.
  await waitForInventory();
});

test('guest sign-in leads to the catalog, with "S3 buckets" in the sidebar', async () => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Enter' })).toBeVisible();
  await screenshot(page, '01-sign-in');
  await signInAsGuest(page);
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(nav.getByRole('link', { name: 'S3 buckets' })).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'orders-service' }),
  ).toBeVisible();
  await screenshot(page, '02-catalog');
});

test('a service page shows its buckets and their statuses', async () => {
  await page.goto('/catalog/default/component/orders-service');
  const card = page.getByRole('list', { name: 'S3 buckets' });
  await expect(
    card.getByRole('listitem', { name: 'OrdersProductionBucket: Compliant' }),
  ).toBeVisible();
  await expect(
    card.getByRole('listitem', { name: 'OrdersStagingBucket: Non-compliant' }),
  ).toBeVisible();
  await expect(page.getByText('Overall: Non-compliant')).toBeVisible();
  await screenshot(page, '03-service-card');
});

test("the service page's scorecard agrees with its posture card", async () => {
  await waitForFacts(
    'component:default/orders-service',
    's3-posture-rollup-retriever',
  );
  await page.goto('/catalog/default/component/orders-service');
  const scorecard = page.getByRole('list', { name: 'Scorecard checks' });
  // The posture card says non-compliant (the staging bucket), so not all buckets comply.
  await expect(page.getByText('Overall: Non-compliant')).toBeVisible();
  await expect(
    scorecard
      .getByRole('listitem')
      .filter({ hasText: 'All buckets compliant' }),
  ).toContainText('Fail');
  await screenshot(page, '03b-service-scorecard');
});

test('a bucket\'s "S3 posture" tab shows a failing check with its remediation', async () => {
  await page.goto('/catalog/default/resource/product-images-staging-bucket');
  await expect(
    page.getByText('Product images for the staging storefront'),
  ).toBeVisible();
  await screenshot(page, '04-bucket-overview');
  await page.getByRole('link', { name: 'S3 posture', exact: true }).click();
  await expect(page).toHaveURL(/product-images-staging-bucket\/s3$/);
  const check = page
    .getByRole('button', { name: /No public read access/ })
    .first();
  await expect(check).toBeVisible();
  await screenshot(page, '05-bucket-tab');
  await check.click();
  const details = page.locator('.MuiAccordion-root.Mui-expanded').first();
  await expect(details.getByText('Remediation')).toBeVisible();
  await expect(
    details.getByText('Turn on Block all public access for the bucket'),
  ).toBeVisible();
  await expect(details.locator('.MuiCollapse-entered')).toHaveCount(1); // expanded
  await details.screenshot({
    path: `${SCREENSHOT_DIR}/06-bucket-remediation.png`,
  });
});

test('refreshing a bucket shows the new "Last checked"', async () => {
  const lastChecked = page
    .getByText(/^Last checked/)
    .first()
    .locator('time');
  const before = await lastChecked.getAttribute('datetime');
  expect(before).toBeTruthy();
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(lastChecked).not.toHaveAttribute('datetime', before!);
  await expect(lastChecked).toHaveText('just now');
  await expect(
    page.getByText(/^Assessed just now: Non-compliant/),
  ).toBeVisible();
  await screenshot(page, '07-bucket-refreshed');
});

test("the portal's own house rule (cost-center-tag) is judged like the built-in checks", async () => {
  await page.goto('/catalog/default/resource/users-bucket/s3');
  const check = page.getByRole('button', {
    name: /Bucket carries a cost-center tag/,
  });
  await expect(check).toBeVisible();
  await check.click();
  await expect(
    page.getByText(
      "The bucket has no cost-center tag, so its cost lands on no team's budget.",
    ),
  ).toBeVisible();
  await screenshot(page, '07b-custom-check');
});

test('the browse page filters by status and searches by name', async () => {
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'S3 buckets' })
    .click();
  await expect(page).toHaveURL(/\/s3/);
  const table = page.getByRole('table', { name: 'S3 buckets' });
  await expect(table.getByText('OrdersProductionBucket')).toBeVisible();
  await screenshot(page, '08-browse');

  await page
    .getByRole('group', { name: 'Buckets by status' })
    .getByRole('button', { name: /^Non-compliant/ })
    .click();
  await expect(page).toHaveURL(/status=non-compliant/);
  await expect(table.getByText('OrdersStagingBucket')).toBeVisible();
  await expect(table.getByText('OrdersProductionBucket')).toHaveCount(0);
  // Six documented buckets and two undocumented ones (vendor-handoff, load-tests-staging).
  await expect(table.getByRole('row')).toHaveCount(6 + 2 + 1); // + the header row
  await screenshot(page, '09-browse-non-compliant');

  await page.getByRole('textbox', { name: 'Search buckets' }).fill('orders');
  await expect(page).toHaveURL(/q=orders/);
  await expect(table.getByRole('row')).toHaveCount(1 + 1);
  await expect(table.getByText('OrdersStagingBucket')).toBeVisible();
  await screenshot(page, '10-browse-search');
});

test('team and user pages show the posture of the buckets they own', async () => {
  await page.goto('/catalog/default/group/team-checkout');
  const teamCard = page.getByRole('list', { name: 'S3 buckets' });
  await expect(
    teamCard.getByRole('listitem', {
      name: 'OrdersStagingBucket: Non-compliant',
    }),
  ).toBeVisible();
  await screenshot(page, '11-team-card');

  await page.goto('/catalog/default/user/dboyne');
  await expect(
    page
      .getByRole('list', { name: 'S3 buckets' })
      .getByRole('listitem', { name: 'UsersBucket: At risk' }),
  ).toBeVisible();
  await screenshot(page, '12-user-card');
});

test("a team's card links to the buckets it counts, those of the services it owns included", async () => {
  // team-identity owns no bucket by name: its card counts users-bucket via user-service.
  await page.goto('/catalog/default/group/team-identity');
  await expect(
    page
      .getByRole('list', { name: 'S3 buckets' })
      .getByRole('listitem', { name: /^UsersBucket: / }),
  ).toBeVisible();
  await page.getByRole('link', { name: /Browse these buckets/ }).click();
  await expect(page).toHaveURL(
    /\/s3\?relatedTo=group%3Adefault%2Fteam-identity/,
  );
  await expect(
    page.getByRole('button', {
      name: 'Filter: buckets of group team-identity',
    }),
  ).toBeVisible();
  const table = page.getByRole('table', { name: 'S3 buckets' });
  await expect(table.getByRole('row')).toHaveCount(1 + 1);
  await expect(table.getByText('UsersBucket')).toBeVisible();
  await screenshot(page, '12b-team-roll-up-browse');
});

test('a service with no buckets shows the empty state', async () => {
  await page.goto('/catalog/default/component/recommendations-service');
  await expect(
    page.getByText('No S3 buckets reference this entity'),
  ).toBeVisible();
  await screenshot(page, '13-empty-state');
});

/**
 * Suspends or enables versioning of the model bucket in the simulated account as an operator
 * would: with the AWS CLI when it is installed, else with the same S3 request.
 */
function putBucketVersioning(status: 'Suspended' | 'Enabled') {
  const bucket = 'securecart-transaction-logs-production';
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'AKIASECURECARTPROD01',
    AWS_SECRET_ACCESS_KEY: 'simulated',
    AWS_DEFAULT_REGION: 'us-east-1',
  };
  const cli = spawnSync(
    'aws',
    [
      '--endpoint-url',
      SIMULATOR_URL,
      's3api',
      'put-bucket-versioning',
      '--bucket',
      bucket,
      '--versioning-configuration',
      `Status=${status}`,
    ],
    { env, encoding: 'utf8' },
  );
  if (!cli.error) {
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    return Promise.resolve();
  }
  // No AWS CLI: the request it would send (the simulator reads the key id from the
  // credential scope and does not check signatures).
  return fetch(`${SIMULATOR_URL}/${bucket}?versioning`, {
    method: 'PUT',
    headers: {
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIASECURECARTPROD01/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0',
      'content-type': 'application/xml',
    },
    body: `<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>${status}</Status></VersioningConfiguration>`,
  }).then(res => expect(res.status).toBe(200));
}

test('See it react: a change made with the AWS CLI shows on the bucket page within seconds, with no refresh', async () => {
  test.setTimeout(240_000);
  const versioning = () =>
    page.getByRole('button', { name: /Versioning enabled/ }).first();
  await page.goto(
    '/catalog/default/resource/transaction-logs-production-bucket/s3',
  );
  await expect(versioning()).toContainText('Pass');

  const changed = Date.now();
  await putBucketVersioning('Suspended');
  // CloudTrail envelope → the simulator's SQS queue → the events backend's SQS module →
  // the s3 plugin re-assesses the bucket. Nobody presses "Refresh now"; the page is
  // reloaded to read the stored verdict.
  // The time is reported, not asserted (a loaded CI machine took 26 s; 8.5 s when idle):
  // the benchmark's events part measures it. The bound only says it is not the 6-hour batch.
  await expect(async () => {
    await page.reload();
    await expect(versioning()).toContainText('Fail', { timeout: 2_000 });
  }).toPass({ timeout: 90_000, intervals: [1_000] });
  const seconds = (Date.now() - changed) / 1000;
  // eslint-disable-next-line no-console
  console.log(`versioning change on the page after ${seconds.toFixed(1)} s`);
  await screenshot(page, '14-event-versioning-suspended');

  await putBucketVersioning('Enabled');
  await expect(async () => {
    await page.reload();
    await expect(versioning()).toContainText('Pass', { timeout: 2_000 });
  }).toPass({ timeout: 90_000, intervals: [1_000] });
});
