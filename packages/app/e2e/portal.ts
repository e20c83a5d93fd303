import { expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

/** Where e2e/app-config.e2e.yaml puts the portal. */
export const APP_URL = 'http://localhost:3107';
export const BACKEND_URL = 'http://localhost:7107';

/** The repository's e2e-screenshots/ folder (gitignored). */
export const SCREENSHOT_DIR = path.resolve(
  __dirname,
  '../../../e2e-screenshots',
);

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({
    path: path.join(SCREENSHOT_DIR, `${name}.png`),
    fullPage: true,
  });
}

/**
 * A Backstage token for the guest user, from the backend's guest provider. The auth plugin
 * may still be starting when the s3 plugin already answers (a loaded machine): wait for it.
 */
export async function guestToken(): Promise<string> {
  let token = '';
  await expect(async () => {
    const res = await fetch(`${BACKEND_URL}/api/auth/guest/refresh`, {
      method: 'POST',
    });
    expect(res.ok).toBe(true);
    token = (await res.json()).backstageIdentity.token;
  }).toPass({ timeout: 60_000, intervals: [1000] });
  return token;
}

type BucketSummary = { entityRef: string; status: string; checkedAt?: string };

/**
 * Waits until the backend has assessed every documented bucket (the first assessments run
 * a few seconds after start), and returns them. Undocumented buckets (the inventory) are
 * left out: they come later, once the accounts are listed.
 */
export async function waitForAssessments(
  expectedCount: number,
): Promise<BucketSummary[]> {
  const token = await guestToken();
  let items: BucketSummary[] = [];
  await expect
    .poll(
      async () => {
        const res = await fetch(
          `${BACKEND_URL}/api/s3/v1/buckets?documented=true&limit=500`,
          {
            headers: { authorization: `Bearer ${token}` },
          },
        );
        if (!res.ok) return `HTTP ${res.status}`;
        items = (await res.json()).items;
        return items.filter(b => b.checkedAt).length;
      },
      {
        message: 'every bucket assessed by the backend',
        timeout: 60_000,
        intervals: [1000],
      },
    )
    .toBe(expectedCount);
  return items;
}

/** Buckets of the simulated accounts that no example doc describes (examples/README.md). */
export const UNDOCUMENTED_BUCKETS = 5;

/**
 * Waits until the inventory has listed the simulated accounts and the backend has assessed
 * every undocumented bucket (the listing starts 30 s after start, the first assessments
 * follow within a minute), and returns their names. Callers give their test 180 s.
 */
export async function waitForInventory(): Promise<string[]> {
  const token = await guestToken();
  let names: string[] = [];
  await expect
    .poll(
      async () => {
        const res = await fetch(
          `${BACKEND_URL}/api/s3/v1/buckets?documented=false&limit=500`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        if (!res.ok) return `HTTP ${res.status}`;
        const items: Array<{ bucket: string; checkedAt?: string }> = (
          await res.json()
        ).items;
        names = items
          .filter(b => b.checkedAt)
          .map(b => b.bucket)
          .sort();
        return names.length;
      },
      {
        message: 'every undocumented bucket assessed by the backend',
        timeout: 150_000,
        intervals: [1000],
      },
    )
    .toBe(UNDOCUMENTED_BUCKETS);
  return names;
}

/** Waits until Tech Insights holds the facts of a retriever for an entity. */
export async function waitForFacts(entityRef: string, retriever: string) {
  const token = await guestToken();
  await expect
    .poll(
      async () => {
        const res = await fetch(
          `${BACKEND_URL}/api/tech-insights/facts/latest?entity=${encodeURIComponent(entityRef)}&ids[]=${retriever}`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        if (!res.ok) return `HTTP ${res.status}`;
        return Boolean((await res.json())[retriever]?.facts);
      },
      {
        message: `Tech Insights facts of ${retriever} for ${entityRef}`,
        timeout: 90_000,
        intervals: [1000],
      },
    )
    .toBe(true);
}

/** Signs in as the guest on the sign-in page. */
export async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog' }),
  ).toBeVisible();
}
