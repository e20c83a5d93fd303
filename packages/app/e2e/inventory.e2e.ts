import { expect, test, type Page } from '@playwright/test';
import { screenshot, signInAsGuest, waitForInventory } from './portal';

/*
 * The inventory (DESIGN §15, issue 16) in the local portal: the simulated accounts
 * (examples/scenario.yaml) hold buckets no doc describes, and one example doc names a bucket
 * that is gone from AWS. The browse page must show all three cases.
 */
test.describe.configure({ mode: 'serial' });

const PRODUCTION = '111122223333';
const STAGING = '444455556666';
/** Public through its policy, in the staging account; no tags. */
const PUBLIC = 'securecart-vendor-handoff';
/** Tagged owner=team-checkout, service=orders-service. */
const TAGGED = 'securecart-cart-snapshots-production';
/** Every bucket of the scenario that no example doc describes. */
const UNDOCUMENTED = [
  TAGGED,
  'securecart-transaction-logs-replica-production',
  'securecart-backups-replica-production',
  PUBLIC,
  'securecart-load-tests-staging',
];

let page: Page;

test.beforeAll(async ({ browser }) => {
  // The copy button writes to the clipboard; the test reads it back.
  const context = await browser.newContext({
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  page = await context.newPage();
});

test.afterAll(async () => {
  await page?.context().close();
});

test('the backend lists and assesses the undocumented buckets of both accounts', async () => {
  test.setTimeout(180_000);
  expect(await waitForInventory()).toEqual([...UNDOCUMENTED].sort());
});

test('the browse page shows the Undocumented count, and filters by it', async () => {
  await signInAsGuest(page);
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'S3 buckets' })
    .click();
  const undocumented = page
    .getByRole('group', { name: 'Buckets by documentation' })
    .getByRole('button', { name: /^Undocumented: 5 buckets/ });
  await expect(undocumented).toBeVisible();
  await expect(undocumented).toHaveAttribute('aria-pressed', 'false');
  await screenshot(page, '22-browse-undocumented-count');

  await undocumented.click();
  await expect(page).toHaveURL(/documented=false/);
  const table = page.getByRole('table', { name: 'S3 buckets' });
  await expect(table.getByRole('row')).toHaveCount(UNDOCUMENTED.length + 1); // + header
  await expect(table.getByText('OrdersProductionBucket')).toHaveCount(0);
  await expect(
    page.getByRole('button', { name: /^Undocumented: 5 buckets, filter on/ }),
  ).toHaveAttribute('aria-pressed', 'true');
});

/** The table row of one bucket. */
function rowOf(bucket: string) {
  return page
    .getByRole('table', { name: 'S3 buckets' })
    .getByRole('row')
    .filter({ hasText: bucket });
}

test('an undocumented row says "No doc" and shows the owner and service its tags suggest', async () => {
  const row = rowOf(TAGGED);
  await expect(row.getByText('No doc', { exact: true })).toBeVisible();
  // The tag says team-checkout: the row links to that group, by its display name.
  await expect(row).toContainText('suggested: Checkout');
  await expect(row.getByRole('link', { name: 'Checkout' })).toHaveAttribute(
    'href',
    /\/catalog\/default\/group\/team-checkout$/,
  );
  await expect(row).toContainText('service suggested: orders-service');
  await expect(
    rowOf(PUBLIC).getByText('No owner known', { exact: true }),
  ).toBeVisible();
  await expect(rowOf(PUBLIC)).toContainText('Non-compliant');
  await screenshot(page, '23-browse-undocumented-rows');
});

test('"Document this bucket" opens a ready doc for the bucket, and copies it', async () => {
  await rowOf(TAGGED)
    .getByRole('button', { name: `Document this bucket: ${TAGGED}` })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Document this bucket' });
  await expect(dialog).toBeVisible();
  const doc = dialog.getByRole('region', { name: `Bucket doc for ${TAGGED}` });
  await expect(doc).toContainText(`name: 'SecurecartCartSnapshotsProduction'`);
  await expect(doc).toContainText(`Arn: 'arn:aws:s3:::${TAGGED}'`);
  await expect(doc).toContainText(`Account: '${PRODUCTION}'`);
  await expect(doc).toContainText('group:default/team-checkout');
  await expect(doc).toContainText(
    "service: 'component:default/orders-service'",
  );
  await expect(doc).toContainText('lifecycle: production');
  await expect(dialog).toContainText(`Save it as ${TAGGED}.md`);
  await screenshot(page, '24-document-this-bucket');

  await dialog.getByRole('button', { name: 'Copy doc' }).click();
  await expect(dialog.getByText('Copied to the clipboard')).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain(`Arn: 'arn:aws:s3:::${TAGGED}'`);
  expect(copied).toMatch(/^---\n/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
});

test("the row opens the undocumented bucket's own posture page, with its checks", async () => {
  await rowOf(PUBLIC).getByRole('link', { name: PUBLIC }).click();
  await expect(page).toHaveURL(
    new RegExp(`/s3/inventory/${STAGING}/${PUBLIC}$`),
  );
  await expect(page.getByText('No doc describes this bucket')).toBeVisible();
  const check = page
    .getByRole('button', { name: /No public read access/ })
    .first();
  await expect(check).toContainText('Fail');
  await screenshot(page, '25-inventory-bucket-page');
});

test('the doc whose bucket does not exist says "Bucket not found in AWS" on its bucket tab', async () => {
  await page.goto(
    '/catalog/default/resource/product-reviews-production-bucket/s3',
  );
  await expect(page.getByText('Bucket not found in AWS').first()).toBeVisible();
  await expect(
    page.getByText(/Fix the ARN or the account in the doc/),
  ).toBeVisible();
  await screenshot(page, '26-bucket-not-found');
});

test('the account view shows both accounts, and filters by one', async () => {
  await page.goto('/s3');
  const accounts = page.getByRole('group', { name: 'Buckets by account' });
  const production = accounts.getByRole('button', {
    name: new RegExp(`^Account ${PRODUCTION}:`),
  });
  const staging = accounts.getByRole('button', {
    name: new RegExp(`^Account ${STAGING}:`),
  });
  await expect(production).toBeVisible();
  await expect(staging).toBeVisible();
  await screenshot(page, '27-browse-accounts');

  await staging.click();
  await expect(page).toHaveURL(new RegExp(`account=${STAGING}`));
  const table = page.getByRole('table', { name: 'S3 buckets' });
  await expect(rowOf(PUBLIC)).toBeVisible();
  await expect(table.getByText('OrdersProductionBucket')).toHaveCount(0);
});
