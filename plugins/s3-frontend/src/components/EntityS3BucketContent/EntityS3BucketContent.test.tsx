import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CHECK_CATEGORY_TITLES } from '@s3-posture/plugin-s3-common';
import { delay, http, HttpResponse } from 'msw';
import { analyticsBucket, assetsBucket } from '../../__testUtils__/fixtures';
import {
  BASE,
  createFakeBackend,
  errorBody,
  s3Handlers,
  server,
} from '../../__testUtils__/msw';
import { entity, renderS3 } from '../../__testUtils__/render';
import { EntityS3BucketContent } from './EntityS3BucketContent';

const assets = entity('Resource', 'public-assets-bucket', 's3-bucket');
const REFRESH = `${BASE}/v1/buckets/:namespace/:name/refresh`;

describe('EntityS3BucketContent', () => {
  registerMswTestHooks(server);
  let backend: ReturnType<typeof createFakeBackend>;

  beforeEach(() => {
    backend = createFakeBackend();
    server.use(...s3Handlers(backend));
  });

  it('shows progress while the posture loads', async () => {
    server.use(
      http.get(`${BASE}/v1/buckets/:namespace/:name`, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    await renderS3(<EntityS3BucketContent />, { entity: assets });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(screen.queryByText('Checks')).not.toBeInTheDocument();
  });

  it('shows the header: status, score, profile, account, region, last check and failing summary', async () => {
    await renderS3(<EntityS3BucketContent />, { entity: assets });
    expect(await screen.findByText('Security posture')).toBeInTheDocument();
    expect(screen.getAllByText('Non-compliant').length).toBeGreaterThan(0);
    expect(
      screen.getAllByLabelText(`Score ${assetsBucket.score} of 100`).length,
    ).toBeGreaterThan(0);
    expect(screen.getByText('AWS foundational')).toBeInTheDocument();
    expect(screen.getByText('444455556666')).toBeInTheDocument();
    expect(screen.getByText('us-east-1')).toBeInTheDocument();
    expect(
      screen.getByText('arn:aws:s3:::securecart-public-assets'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Last checked/)).toHaveTextContent(
      'Last checked yesterday',
    );
    expect(screen.getByText('5 failing:')).toBeInTheDocument();
    expect(screen.getByText('1 Critical')).toBeInTheDocument();
    expect(screen.getByText('2 High')).toBeInTheDocument();
    expect(
      screen.getByText('15 pass · 5 fail · 0 error · 0 n/a'),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/The latest refresh failed/),
    ).not.toBeInTheDocument();
  });

  it('groups every check by category, in the catalog order', async () => {
    await renderS3(<EntityS3BucketContent />, { entity: assets });
    await screen.findByText('Showing 20 of 20 checks');
    const headings = screen
      .getAllByRole('heading', { level: 3 })
      .map(h => h.textContent);
    expect(headings).toEqual([
      CHECK_CATEGORY_TITLES.access,
      CHECK_CATEGORY_TITLES.network,
      CHECK_CATEGORY_TITLES.data,
      CHECK_CATEGORY_TITLES.integrity,
      CHECK_CATEGORY_TITLES.logging,
      CHECK_CATEGORY_TITLES.cost,
    ]);
    const access = screen.getByRole('region', {
      name: CHECK_CATEGORY_TITLES.access,
    });
    expect(within(access).getByText('3 failing of 9')).toBeInTheDocument();
    // Failing checks first, most severe first.
    const titles = within(access)
      .getAllByRole('heading', { level: 4 })
      .map(h => h.textContent);
    expect(titles.slice(0, 3)).toEqual([
      'No public read access',
      'Block Public Access on for the account',
      'Block Public Access on for the bucket',
    ]);
    expect(screen.getByText('Showing 20 of 20 checks')).toBeInTheDocument();
  });

  it('expands a check to its evidence, rendered remediation and anchors', async () => {
    await renderS3(<EntityS3BucketContent />, { entity: assets });
    const summary = await screen.findByRole('button', {
      name: /No public read access/,
    });
    expect(summary).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(summary);
    expect(summary).toHaveAttribute('aria-expanded', 'true');

    const details = screen.getByRole('region', {
      name: /No public read access/,
    });
    const evidence = within(details).getByRole('table', { name: 'Evidence' });
    expect(within(evidence).getByText('grantingStatement')).toBeInTheDocument();
    await userEvent.click(within(evidence).getByText('5 fields (JSON)'));
    expect(within(evidence).getByText(/"Principal": "\*"/)).toBeInTheDocument();

    // Markdown, not raw text.
    expect(
      within(details).getByText('Block all public access', {
        selector: 'strong',
      }),
    ).toBeInTheDocument();
    expect(
      within(details).getByRole('link', { name: /^S3\.2/ }),
    ).toHaveAttribute(
      'href',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-2',
    );
    expect(within(details).getByText('AWS Config rule')).toBeInTheDocument();
    expect(within(details).getByText('Prowler')).toBeInTheDocument();
    expect(within(details).getByText('no-public-read')).toBeInTheDocument();

    await userEvent.click(summary);
    expect(summary).toHaveAttribute('aria-expanded', 'false');
  });

  it('filters to failing checks and by severity', async () => {
    await renderS3(<EntityS3BucketContent />, { entity: assets });
    await screen.findByText('Showing 20 of 20 checks');

    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Failing only' }),
    );
    expect(screen.getByText('Showing 5 of 20 checks')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /No public write access/ }),
    ).not.toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Show high severity' }),
    );
    expect(
      screen.getByRole('button', { name: 'Show high severity' }),
    ).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByText('Showing 2 of 20 checks')).toBeInTheDocument();
    expect(
      screen.getAllByRole('heading', { level: 4 }).map(h => h.textContent),
    ).toEqual([
      'Block Public Access on for the account',
      'Block Public Access on for the bucket',
    ]);

    // All high-severity checks, failing or not.
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Failing only' }),
    );
    expect(screen.getByText('Showing 4 of 20 checks')).toBeInTheDocument();
  });

  it('refreshes when permitted, showing progress and the new result', async () => {
    server.use(
      http.post(REFRESH, async () => {
        await delay(200);
        return HttpResponse.json({
          ...assetsBucket,
          status: 'at-risk',
          score: 91,
          checkedAt: new Date().toISOString(),
        });
      }),
    );
    await renderS3(<EntityS3BucketContent />, {
      entity: assets,
      permission: 'allow',
    });
    const button = await screen.findByRole('button', { name: 'Refresh now' });
    await userEvent.click(button);
    expect(
      await screen.findByRole('button', { name: 'Refreshing…' }),
    ).toBeDisabled();
    expect(
      await screen.findByText('Assessed just now: At risk, score 91 (was 67).'),
    ).toBeInTheDocument();
    expect(screen.getAllByLabelText('Score 91 of 100').length).toBeGreaterThan(
      0,
    );
    expect(screen.getByText(/Last checked/)).toHaveTextContent(
      'Last checked just now',
    );
    expect(screen.getByRole('button', { name: 'Refresh now' })).toBeEnabled();
    // The history is read again after a refresh.
    await waitFor(() =>
      expect(backend.requests.filter(r => r.endsWith('/history'))).toHaveLength(
        2,
      ),
    );
  });

  it('shows why a refresh failed', async () => {
    server.use(
      http.post(REFRESH, () =>
        errorBody(
          403,
          'NotAllowedError',
          'You may not refresh the posture of resource:default/public-assets-bucket',
        ),
      ),
    );
    await renderS3(<EntityS3BucketContent />, { entity: assets });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Refresh now' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Refresh failed: You may not refresh the posture of resource:default/public-assets-bucket',
    );
  });

  it('hides the refresh button without the refresh permission', async () => {
    // A bucket no other test renders: usePermission caches answers per resource.
    await renderS3(<EntityS3BucketContent />, {
      entity: entity('Resource', 'orders-bucket', 's3-bucket'),
      permission: 'deny',
    });
    expect(await screen.findByText('Security posture')).toBeInTheDocument();
    expect(screen.getByText('Showing 20 of 20 checks')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Refresh/ }),
    ).not.toBeInTheDocument();
  });

  it('warns that verdicts are stale, with the last error', async () => {
    await renderS3(<EntityS3BucketContent />, {
      entity: entity(
        'Resource',
        'analytics-exports-staging-bucket',
        's3-bucket',
      ),
    });
    expect(
      await screen.findByText(
        'The latest refresh failed: these are the last good verdicts',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(`AccessDenied: ${analyticsBucket.lastError!.message}`),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'No check fails. 17 could not be decided: see the checks below.',
      ),
    ).toBeInTheDocument();
  });

  it('draws the score history as a labelled sparkline and a table', async () => {
    await renderS3(<EntityS3BucketContent />, { entity: assets });
    expect(
      await screen.findByRole('img', {
        name: 'Score over 8 assessments: up, from 58 to 67',
      }),
    ).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Recent assessments' });
    expect(within(table).getAllByRole('row')).toHaveLength(6);
    expect(
      screen.getByText('8 assessments kept; the latest 5 are listed.'),
    ).toBeInTheDocument();
  });

  it('surfaces a 404 with its message, and offers to assess now', async () => {
    await renderS3(<EntityS3BucketContent />, {
      entity: entity('Resource', 'brand-new-bucket', 's3-bucket'),
    });
    expect(
      await screen.findByText('This bucket has no posture yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'resource:default/brand-new-bucket has not been seen by the S3 posture plugin yet; it is assessed shortly after it appears in the catalog',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Assess now' }),
    ).toBeInTheDocument();
  });

  it('does not offer to assess without the refresh permission', async () => {
    await renderS3(<EntityS3BucketContent />, {
      entity: entity('Resource', 'another-new-bucket', 's3-bucket'),
      permission: 'deny',
    });
    expect(
      await screen.findByText('This bucket has no posture yet'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Assess now' }),
    ).not.toBeInTheDocument();
    expect(screen.getByText(/Come back in a few minutes/)).toBeInTheDocument();
  });

  it('explains a denied read', async () => {
    server.use(
      http.get(`${BASE}/v1/buckets/:namespace/:name`, () =>
        errorBody(
          403,
          'NotAllowedError',
          'You may not read the posture of resource:default/public-assets-bucket',
        ),
      ),
    );
    await renderS3(<EntityS3BucketContent />, { entity: assets });
    expect(
      await screen.findByText('You do not have access to this S3 posture'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'You may not read the posture of resource:default/public-assets-bucket',
      ),
    ).toBeInTheDocument();
  });

  it('shows a server failure with a retry', async () => {
    server.use(
      http.get(`${BASE}/v1/buckets/:namespace/:name`, () =>
        errorBody(500, 'Error', 'database is locked'),
      ),
    );
    await renderS3(<EntityS3BucketContent />, { entity: assets });
    expect(
      await screen.findByText(
        /Could not load the posture of this bucket: database is locked/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Try again' }),
    ).toBeInTheDocument();
  });

  it('says "Bucket not found in AWS" for a doc whose bucket does not exist, and what to do', async () => {
    // As the backend stores it: the attempt that found no bucket is its check time.
    const ref = 'resource:default/legacy-marketing-assets-bucket';
    backend.postures.set(ref, {
      ...backend.postures.get(ref)!,
      checkedAt: new Date().toISOString(),
    });
    await renderS3(<EntityS3BucketContent />, {
      entity: entity('Resource', 'legacy-marketing-assets-bucket', 's3-bucket'),
    });
    const alert = await screen.findByRole('alert');
    expect(
      within(alert).getByText('Bucket not found in AWS'),
    ).toBeInTheDocument();
    expect(alert).toHaveTextContent(
      'Fix the ARN or the account in the doc if they are wrong, or delete the doc if the bucket is gone for good.',
    );
    expect(alert).toHaveTextContent(
      'The account 444455556666 has no bucket securecart-legacy-marketing-assets',
    );
    expect(
      screen.getByText('Not assessed: there is no such bucket to assess.'),
    ).toBeInTheDocument();
    // Nothing was judged, so nothing "passes" either.
    expect(screen.queryByText(/No check fails/)).not.toBeInTheDocument();
    expect(screen.queryByText(/Last checked/)).not.toBeInTheDocument();
    expect(
      screen.queryByText(/The latest refresh failed/),
    ).not.toBeInTheDocument();
  });

  it('shows the code and message of a failed refresh that kept no verdicts', async () => {
    backend.postures.set('resource:default/ml-features-bucket', {
      ...backend.postures.get('resource:default/ml-features-bucket')!,
      lastError: {
        code: 'SlowDown',
        message: 'Please reduce your request rate.',
        at: new Date().toISOString(),
      },
    });
    await renderS3(<EntityS3BucketContent />, {
      entity: entity('Resource', 'ml-features-bucket', 's3-bucket'),
    });
    expect(
      await screen.findByText('The latest refresh failed'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('SlowDown: Please reduce your request rate.'),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('Bucket not found in AWS'),
    ).not.toBeInTheDocument();
  });
});
