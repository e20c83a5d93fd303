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

/** A Backstage token for the guest user, from the backend's guest provider. */
export async function guestToken(): Promise<string> {
  const res = await fetch(`${BACKEND_URL}/api/auth/guest/refresh`, {
    method: 'POST',
  });
  expect(res.ok).toBe(true);
  const body = await res.json();
  return body.backstageIdentity.token;
}

type BucketSummary = { entityRef: string; status: string; checkedAt?: string };

/**
 * Waits until the backend has assessed every bucket in the catalog (the first assessments run
 * a few seconds after start), and returns the buckets.
 */
export async function waitForAssessments(
  expectedCount: number,
): Promise<BucketSummary[]> {
  const token = await guestToken();
  let items: BucketSummary[] = [];
  await expect
    .poll(
      async () => {
        const res = await fetch(`${BACKEND_URL}/api/s3/v1/buckets?limit=500`, {
          headers: { authorization: `Bearer ${token}` },
        });
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
