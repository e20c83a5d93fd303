import {
  bucketDocTemplate,
  parseBucketDoc,
} from '@s3-posture/plugin-s3-common';
import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { Route, Routes } from 'react-router-dom';
import { inventorySummaries } from '../../__testUtils__/fixtures';
import {
  BASE,
  createFakeBackend,
  errorBody,
  s3Handlers,
  server,
} from '../../__testUtils__/msw';
import { renderS3 } from '../../__testUtils__/render';
import { S3BucketsPage } from './S3BucketsPage';

const ACCOUNTS = `${BASE}/v1/inventory/accounts`;

function renderPage(options: Parameters<typeof renderS3>[1] = {}) {
  return renderS3(
    <Routes>
      <Route path="/s3/*" element={<S3BucketsPage />} />
    </Routes>,
    { mountRootPage: true, ...options },
  );
}

function location() {
  return screen.getByTestId('location').textContent;
}

function rowOf(name: string) {
  const table = screen.getByRole('table', { name: 'S3 buckets' });
  const row = within(table)
    .getAllByRole('row')
    .find(r => within(r).queryByRole('link', { name }));
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

function rowNames() {
  const table = screen.getByRole('table', { name: 'S3 buckets' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row => within(row).getAllByRole('link')[0].textContent);
}

describe('S3BucketsPage with the inventory', () => {
  registerMswTestHooks(server);
  let backend: ReturnType<typeof createFakeBackend>;

  beforeEach(() => {
    backend = createFakeBackend({ summaries: inventorySummaries() });
    server.use(...s3Handlers(backend));
  });

  const listRequests = () =>
    backend.requests.filter(r => r.startsWith('GET /v1/buckets'));

  it('counts the undocumented buckets beside the statuses and filters to them, in the URL', async () => {
    await renderPage({ routeEntries: ['/s3'] });
    expect(await screen.findByText('8 buckets')).toBeInTheDocument();
    const toggle = screen.getByRole('button', {
      name: 'Undocumented: 2 buckets',
    });
    expect(toggle).toHaveAttribute('aria-pressed', 'false');

    await userEvent.click(toggle);
    expect(await screen.findByText('2 buckets match')).toBeInTheDocument();
    expect(location()).toBe('/s3?documented=false');
    expect(listRequests().at(-1)).toContain('documented=false');
    expect(rowNames()).toEqual([
      'legacy-uploads',
      'securecart-checkout-exports-production',
    ]);
    expect(
      screen.getByRole('button', {
        name: 'Undocumented: 2 buckets, filter on',
      }),
    ).toHaveAttribute('aria-pressed', 'true');

    // The status counts follow the filter: only the undocumented buckets' statuses.
    const counts = screen.getByRole('group', { name: 'Buckets by status' });
    expect(
      within(counts)
        .getAllByRole('button')
        .map(b => b.getAttribute('aria-label')),
    ).toEqual([
      'Non-compliant: 1 buckets',
      'At risk: 1 buckets',
      'Unknown: 0 buckets',
      'Compliant: 0 buckets',
    ]);

    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    expect(await screen.findByText('8 buckets')).toBeInTheDocument();
    expect(location()).toBe('/s3');
  });

  it('hides the Undocumented count when there are none, unless the filter is on', async () => {
    backend.summaries = inventorySummaries().filter(b => b.documented);
    await renderPage({ routeEntries: ['/s3'] });
    expect(await screen.findByText('6 buckets')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /^Undocumented/ }),
    ).not.toBeInTheDocument();
  });

  it('keeps the filter on from the URL even when nothing matches, so it can be turned off', async () => {
    backend.summaries = inventorySummaries().filter(b => b.documented);
    await renderPage({ routeEntries: ['/s3?documented=false'] });
    expect(
      await screen.findByText('No buckets match these filters'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Undocumented: 0 buckets, filter on',
      }),
    );
    expect(await screen.findByText('6 buckets')).toBeInTheDocument();
    expect(location()).toBe('/s3');
  });

  it('says "No doc" on undocumented rows, with the suggested owner and service, and links to their page', async () => {
    await renderPage({ routeEntries: ['/s3'] });
    await screen.findByText('8 buckets');
    const row = rowOf('securecart-checkout-exports-production');
    expect(within(row).getByText('No doc')).toBeInTheDocument();
    expect(within(row).getByText(/^suggested:/)).toBeInTheDocument();
    expect(
      within(row).getByRole('link', { name: 'team-checkout' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-checkout');
    expect(within(row).getByText(/service suggested:/)).toBeInTheDocument();
    expect(
      within(row).getByRole('link', { name: 'order-service' }),
    ).toHaveAttribute('href', '/catalog/default/component/order-service');
    expect(
      within(row).getByRole('link', {
        name: 'securecart-checkout-exports-production',
      }),
    ).toHaveAttribute(
      'href',
      '/s3/inventory/111122223333/securecart-checkout-exports-production',
    );

    const bare = rowOf('legacy-uploads');
    expect(within(bare).getByText('No doc')).toBeInTheDocument();
    expect(within(bare).getByText('No owner known')).toBeInTheDocument();

    // Documented rows have neither.
    const documented = rowOf('OrdersBucket');
    expect(within(documented).queryByText('No doc')).not.toBeInTheDocument();
    expect(
      within(documented).queryByRole('button', {
        name: /Document this bucket/,
      }),
    ).not.toBeInTheDocument();
  });

  it('opens the undocumented bucket page from its row', async () => {
    await renderPage({ routeEntries: ['/s3'] });
    await screen.findByText('8 buckets');
    await userEvent.click(
      screen.getByRole('link', {
        name: 'securecart-checkout-exports-production',
      }),
    );
    expect(
      await screen.findByRole('heading', {
        name: /securecart-checkout-exports-production/,
      }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('No doc describes this bucket'),
    ).toBeInTheDocument();
    expect(location()).toBe(
      '/s3/inventory/111122223333/securecart-checkout-exports-production',
    );
  });

  it('offers a ready-to-commit doc in the Document-this-bucket dialog, and copies it', async () => {
    const user = userEvent.setup();
    await renderPage({ routeEntries: ['/s3'] });
    await screen.findByText('8 buckets');
    await user.click(
      within(rowOf('securecart-checkout-exports-production')).getByRole(
        'button',
        { name: /Document this bucket/ },
      ),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Document this bucket',
    });
    expect(
      within(dialog).getByText('securecart-checkout-exports-production.md'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText(/repository folder/)).toHaveTextContent(
      'Save it as securecart-checkout-exports-production.md in the repository folder the catalog reads bucket docs from.',
    );
    expect(
      within(dialog).getByText(/history carries over/),
    ).toBeInTheDocument();

    const expected = bucketDocTemplate(
      inventorySummaries().find(
        b => b.bucket === 'securecart-checkout-exports-production',
      )!,
    );
    const code = within(dialog).getByRole('region', {
      name: 'Bucket doc for securecart-checkout-exports-production',
    });
    await waitFor(() => expect(code.textContent).toBe(expected));
    const parsed = parseBucketDoc(code.textContent!);
    expect(parsed).toMatchObject({
      kind: 'doc',
      doc: {
        bucket: 'securecart-checkout-exports-production',
        accountId: '111122223333',
        owners: ['group:default/team-checkout'],
        service: 'component:default/order-service',
        lifecycle: 'production',
        tags: ['eu-west-1'],
      },
    });

    // The browser's clipboard is the boundary: user-event's stand-in records what is written.
    const writeText = jest.spyOn(navigator.clipboard, 'writeText');
    await user.click(within(dialog).getByRole('button', { name: 'Copy doc' }));
    expect(writeText).toHaveBeenCalledWith(expected);
    expect(
      within(dialog).getByText('Copied to the clipboard'),
    ).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('marks the placeholders of a bucket nothing is suggested for', async () => {
    await renderPage({ routeEntries: ['/s3?documented=false'] });
    await screen.findByText('2 buckets match');
    await userEvent.click(
      within(rowOf('legacy-uploads')).getByRole('button', {
        name: /Document this bucket/,
      }),
    );
    const code = within(await screen.findByRole('dialog')).getByRole('region');
    await waitFor(() => expect(code).toHaveTextContent('- <owning-team>'));
    expect(code).toHaveTextContent('# TODO: the team that owns the bucket');
  });

  it('says "Bucket not found in AWS" on a doc whose bucket does not exist', async () => {
    await renderPage({ routeEntries: ['/s3'] });
    await screen.findByText('8 buckets');
    const row = rowOf('LegacyMarketingAssetsBucket');
    expect(
      within(row).getByText('Bucket not found in AWS'),
    ).toBeInTheDocument();
    expect(within(row).getByText('Unknown')).toBeInTheDocument();
    expect(within(row).queryByText('No doc')).not.toBeInTheDocument();
  });

  it('shows the accounts of the inventory, and filters by one when clicked', async () => {
    await renderPage({ routeEntries: ['/s3'] });
    await screen.findByText('8 buckets');
    const accounts = await screen.findByRole('group', {
      name: 'Buckets by account',
    });
    expect(
      within(accounts)
        .getAllByRole('button')
        .map(b => b.getAttribute('aria-label')),
    ).toEqual([
      'Account 111122223333: 3 buckets, 1 undocumented, 0 non-compliant',
      'Account 444455556666: 3 buckets, 1 undocumented, 2 non-compliant',
      'Account 777788889999: 1 bucket, 0 undocumented, 0 non-compliant; ListBuckets failed: AccessDenied',
    ]);
    expect(
      within(accounts).getByText('ListBuckets failed: AccessDenied'),
    ).toBeInTheDocument();

    await userEvent.click(
      within(accounts).getByRole('button', { name: /444455556666/ }),
    );
    expect(await screen.findByText('3 buckets match')).toBeInTheDocument();
    expect(location()).toBe('/s3?account=444455556666');
    expect(
      within(accounts).getByRole('button', { name: /444455556666/ }),
    ).toHaveAttribute('aria-pressed', 'true');

    await userEvent.click(
      within(accounts).getByRole('button', { name: /444455556666/ }),
    );
    expect(await screen.findByText('8 buckets')).toBeInTheDocument();
    expect(location()).toBe('/s3');
  });

  it('hides the accounts from callers without s3.inventory.read', async () => {
    server.use(
      http.get(ACCOUNTS, ({ request }) => {
        backend.requests.push(`GET ${new URL(request.url).pathname}`);
        return errorBody(
          403,
          'NotAllowedError',
          'You may not read the inventory (s3.inventory.read)',
        );
      }),
    );
    await renderPage({ routeEntries: ['/s3'] });
    await screen.findByText('8 buckets');
    await waitFor(() =>
      expect(backend.requests).toContain('GET /api/s3/v1/inventory/accounts'),
    );
    // Let the answer render.
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(
      screen.queryByRole('group', { name: 'Buckets by account' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('hides the accounts when the inventory is off', async () => {
    server.use(
      http.get(ACCOUNTS, () =>
        HttpResponse.json({ enabled: false, items: [] }),
      ),
    );
    await renderPage({ routeEntries: ['/s3'] });
    await screen.findByText('8 buckets');
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(
      screen.queryByRole('group', { name: 'Buckets by account' }),
    ).not.toBeInTheDocument();
  });
});
