import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http, HttpResponse } from 'msw';
import { Route, Routes } from 'react-router-dom';
import { manySummaries } from '../../__testUtils__/fixtures';
import {
  BASE,
  createFakeBackend,
  errorBody,
  s3Handlers,
  server,
} from '../../__testUtils__/msw';
import { renderS3 } from '../../__testUtils__/render';
import { S3BucketsPage } from './S3BucketsPage';

const LIST = `${BASE}/v1/buckets`;

/** The page mounted at /s3, as an app mounts it, with its sub routes. */
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

function bucketRows() {
  const table = screen.getByRole('table', { name: 'S3 buckets' });
  return within(table).getAllByRole('row').slice(1);
}

function rowNames() {
  return bucketRows().map(
    row => within(row).getAllByRole('link')[0].textContent,
  );
}

const catalogFacets = {
  getEntityFacets: jest.fn(async () => ({
    facets: {
      'relations.ownedBy': [
        { value: 'group:default/team-checkout', count: 1 },
        { value: 'group:default/team-data', count: 2 },
      ],
      'relations.dependencyOf': [
        { value: 'component:default/order-service', count: 1 },
      ],
      'metadata.annotations.amazonaws.com/account-id': [
        { value: '111122223333', count: 2 },
      ],
    },
  })),
};

describe('S3BucketsPage', () => {
  registerMswTestHooks(server);
  let backend: ReturnType<typeof createFakeBackend>;

  beforeEach(() => {
    backend = createFakeBackend();
    server.use(...s3Handlers(backend));
  });

  const lastRequest = () => {
    const list = backend.requests.filter(r => r.startsWith('GET /v1/buckets'));
    return new URL(`http://x${list[list.length - 1].slice(4)}`).searchParams;
  };

  it('shows progress while the first page loads', async () => {
    server.use(
      http.get(LIST, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    await renderPage({ routeEntries: ['/s3'] });
    expect(
      screen.getByRole('heading', { name: 'S3 buckets' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'Loading buckets' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Loading buckets…')).toBeInTheDocument();
  });

  it('lists every bucket worst score first, with counts by status and links', async () => {
    await renderPage({ routeEntries: ['/s3'] });
    expect(await screen.findByText('5 buckets')).toBeInTheDocument();
    // The accounts of the inventory are asked for once the rows have come.
    await waitFor(() =>
      expect(backend.requests).toEqual([
        'GET /v1/buckets?orderBy=score&order=asc&offset=0&limit=25',
        'GET /v1/inventory/accounts',
      ]),
    );
    expect(rowNames()).toEqual([
      'PublicAssetsBucket',
      'OrdersBucket',
      'UsersBucket',
      'AnalyticsExportsStagingBucket',
      'MlFeaturesBucket',
    ]);

    const counts = screen.getByRole('group', { name: 'Buckets by status' });
    expect(
      within(counts)
        .getAllByRole('button')
        .map(b => b.getAttribute('aria-label')),
    ).toEqual([
      'Non-compliant: 1 buckets',
      'At risk: 1 buckets',
      'Unknown: 2 buckets',
      'Compliant: 1 buckets',
    ]);

    const [assets] = bucketRows();
    expect(
      within(assets).getByRole('link', { name: 'PublicAssetsBucket' }),
    ).toHaveAttribute('href', '/catalog/default/resource/public-assets-bucket');
    expect(within(assets).getByText('Non-compliant')).toBeInTheDocument();
    expect(within(assets).getByText('1 Critical')).toBeInTheDocument();
    expect(
      within(assets).getByText('Worst: No public read access'),
    ).toBeInTheDocument();
    expect(
      within(assets).getByRole('link', { name: 'team-storefront' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-storefront');
    expect(
      within(assets).getByRole('link', { name: 'storefront' }),
    ).toHaveAttribute('href', '/catalog/default/component/storefront');
    expect(within(assets).getByText('444455556666')).toBeInTheDocument();
    expect(within(assets).getByText('us-east-1')).toBeInTheDocument();

    const stale = bucketRows()[3];
    expect(within(stale).getByText('Stale')).toBeInTheDocument();
    expect(
      within(stale).getByText('17 checks could not be decided'),
    ).toBeInTheDocument();
  });

  it('filters by status from the counts, in the URL', async () => {
    await renderPage({ routeEntries: ['/s3'] });
    const button = await screen.findByRole('button', {
      name: 'Unknown: 2 buckets',
    });
    await userEvent.click(button);
    await waitFor(() => expect(location()).toBe('/s3?status=unknown'));
    expect(await screen.findByText('2 buckets match')).toBeInTheDocument();
    expect(lastRequest().get('status')).toBe('unknown');
    expect(rowNames()).toEqual([
      'AnalyticsExportsStagingBucket',
      'MlFeaturesBucket',
    ]);
    expect(
      screen.getByRole('button', { name: 'Unknown: 2 buckets, filter on' }),
    ).toHaveAttribute('aria-pressed', 'true');

    await userEvent.click(
      screen.getByRole('button', { name: 'Non-compliant: 1 buckets' }),
    );
    await waitFor(() =>
      expect(location()).toBe('/s3?status=non-compliant%2Cunknown'),
    );
    expect(await screen.findByText('3 buckets match')).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Unknown: 2 buckets, filter on' }),
    );
    await waitFor(() => expect(location()).toBe('/s3?status=non-compliant'));
  });

  it('searches as the user types, debounced, keeping the text in the URL', async () => {
    await renderPage({ routeEntries: ['/s3'] });
    await screen.findByText('5 buckets');
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search buckets' }),
      'orders',
    );
    await waitFor(() => expect(location()).toBe('/s3?q=orders'));
    expect(await screen.findByText('1 bucket match')).toBeInTheDocument();
    expect(rowNames()).toEqual(['OrdersBucket']);
    // One request for the whole word, not one per keystroke.
    expect(backend.requests.filter(r => r.includes('q='))).toEqual([
      'GET /v1/buckets?q=orders&orderBy=score&order=asc&offset=0&limit=25',
    ]);
  });

  it('sorts by name and score on the server', async () => {
    await renderPage({ routeEntries: ['/s3'] });
    await screen.findByText('5 buckets');
    const bucketHeader = screen.getByRole('button', { name: 'Bucket' });
    await userEvent.click(bucketHeader);
    await waitFor(() => expect(location()).toBe('/s3?orderBy=name'));
    await waitFor(() =>
      expect(rowNames()[0]).toBe('AnalyticsExportsStagingBucket'),
    );
    expect(lastRequest().get('orderBy')).toBe('name');
    expect(lastRequest().get('order')).toBe('asc');
    expect(
      screen.getByRole('columnheader', { name: /Bucket/ }),
    ).toHaveAttribute('aria-sort', 'ascending');

    await userEvent.click(
      screen.getByRole('button', { name: /Bucket, sorted ascending/ }),
    );
    await waitFor(() => expect(location()).toBe('/s3?orderBy=name&order=desc'));
    await waitFor(() => expect(rowNames()[0]).toBe('UsersBucket'));

    await userEvent.click(screen.getByRole('button', { name: 'Score' }));
    await waitFor(() => expect(location()).toBe('/s3'));
    await waitFor(() => expect(rowNames()[0]).toBe('PublicAssetsBucket'));
  });

  it('pages on the server and keeps the page in the URL', async () => {
    backend.summaries = manySummaries(60);
    await renderPage({ routeEntries: ['/s3?orderBy=name'] });
    expect(await screen.findByText('60 buckets')).toBeInTheDocument();
    expect(bucketRows()).toHaveLength(25);
    expect(screen.getByText('1-25 of 60')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(location()).toBe('/s3?orderBy=name&page=2'));
    await waitFor(() => expect(rowNames()[0]).toBe('Bucket0026'));
    expect(lastRequest().get('offset')).toBe('25');
    expect(lastRequest().get('limit')).toBe('25');
    expect(screen.getByText('26-50 of 60')).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: /Rows per page/ }),
    );
    await userEvent.click(screen.getByRole('option', { name: '50' }));
    await waitFor(() =>
      expect(location()).toBe('/s3?orderBy=name&pageSize=50'),
    );
    await waitFor(() => expect(bucketRows()).toHaveLength(50));
    expect(lastRequest().get('offset')).toBe('0');
  });

  it('opens with the filters from the URL', async () => {
    await renderPage({
      routeEntries: [
        '/s3?owner=group:default/team-checkout&region=eu-west-1&account=111122223333&status=at-risk',
      ],
    });
    expect(await screen.findByText('1 bucket match')).toBeInTheDocument();
    const sent = lastRequest();
    expect(sent.get('owner')).toBe('group:default/team-checkout');
    expect(sent.get('region')).toBe('eu-west-1');
    expect(sent.get('account')).toBe('111122223333');
    expect(sent.get('status')).toBe('at-risk');
    expect(screen.getByRole('textbox', { name: 'Region' })).toHaveValue(
      'eu-west-1',
    );
    expect(rowNames()).toEqual(['OrdersBucket']);
  });

  it("shows a card's roll-up (relatedTo) as a filter that says what it holds, and removes it", async () => {
    await renderPage({
      routeEntries: ['/s3?relatedTo=group:default/team-checkout'],
    });
    expect(await screen.findByText('1 bucket match')).toBeInTheDocument();
    expect(lastRequest().get('relatedTo')).toBe('group:default/team-checkout');
    expect(rowNames()).toEqual(['OrdersBucket']);
    const chip = screen.getByRole('button', {
      name: 'Filter: buckets of group team-checkout',
    });
    expect(
      screen.getByText(
        'As its S3 card counts them: the buckets it owns, and those of the components, systems and child groups it owns.',
      ),
    ).toBeInTheDocument();
    // Delete on the chip (or its delete icon) removes the filter, and only it.
    chip.focus();
    await userEvent.keyboard('{Delete}');
    await waitFor(() => expect(location()).toBe('/s3'));
    expect(await screen.findByText('5 buckets')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /^Filter: buckets of/ }),
    ).not.toBeInTheDocument();
  });

  it('offers owners, services and accounts from the catalog', async () => {
    await renderPage({
      routeEntries: ['/s3'],
      apis: [[catalogApiRef, catalogFacets]],
    });
    await screen.findByText('5 buckets');
    await userEvent.click(screen.getByRole('textbox', { name: 'Owner' }));
    await userEvent.click(
      await screen.findByRole('option', { name: /team-checkout/ }),
    );
    await waitFor(() =>
      expect(location()).toBe('/s3?owner=group%3Adefault%2Fteam-checkout'),
    );
    expect(await screen.findByText('1 bucket match')).toBeInTheDocument();
    expect(lastRequest().get('owner')).toBe('group:default/team-checkout');
    expect(catalogFacets.getEntityFacets).toHaveBeenCalledWith({
      filter: { kind: 'resource', 'spec.type': 's3-bucket' },
      facets: [
        'relations.ownedBy',
        'relations.dependencyOf',
        'metadata.annotations.amazonaws.com/account-id',
      ],
    });
  });

  it('asks the catalog for the filter choices only once the first rows have come', async () => {
    let releaseList = () => {};
    const listHeld = new Promise<void>(r => {
      releaseList = r;
    });
    const facets = { getEntityFacets: jest.fn(catalogFacets.getEntityFacets) };
    server.use(
      http.get(LIST, async () => {
        await listHeld;
        return HttpResponse.json({
          items: manySummaries(2),
          totalCount: 2,
          statusCounts: {
            compliant: 0,
            'at-risk': 0,
            'non-compliant': 2,
            unknown: 0,
          },
        });
      }),
    );
    await renderPage({
      routeEntries: ['/s3'],
      apis: [[catalogApiRef, facets]],
    });
    expect(
      screen.getByRole('progressbar', { name: 'Loading buckets' }),
    ).toBeInTheDocument();
    // The page's one request while loading is the list.
    await new Promise(r => setTimeout(r, 100));
    expect(facets.getEntityFacets).not.toHaveBeenCalled();
    releaseList();
    await screen.findByText('2 buckets');
    await waitFor(() =>
      expect(facets.getEntityFacets).toHaveBeenCalledTimes(1),
    );
  });

  it('refuses an account id the server would reject, without asking it', async () => {
    await renderPage({ routeEntries: ['/s3'] });
    await screen.findByText('5 buckets');
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Account' }),
      '1234{Enter}',
    );
    expect(
      await screen.findByText('A 12-digit AWS account id'),
    ).toBeInTheDocument();
    expect(location()).toBe('/s3');
    expect(backend.requests.some(r => r.includes('account='))).toBe(false);
  });

  it('says when no bucket matches, and clears the filters', async () => {
    await renderPage({
      routeEntries: ['/s3?q=nothing-like-this&pageSize=50'],
    });
    expect(
      await screen.findByText('No buckets match these filters'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getAllByRole('button', { name: 'Clear filters' })[0],
    );
    await waitFor(() => expect(location()).toBe('/s3?pageSize=50'));
    expect(await screen.findByText('5 buckets')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Search buckets' })).toHaveValue(
      '',
    );
  });

  it('explains an empty list, including missing permissions', async () => {
    backend.summaries = [];
    await renderPage({ routeEntries: ['/s3'] });
    expect(
      await screen.findByText('No S3 buckets to show'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/s3\.posture\.read permission/),
    ).toBeInTheDocument();
  });

  it('shows a server error with its message', async () => {
    server.use(
      http.get(LIST, () =>
        errorBody(
          400,
          'InputError',
          'Invalid request: query parameter "region" must be an AWS region like eu-north-1',
        ),
      ),
    );
    await renderPage({ routeEntries: ['/s3?region=mars-1'] });
    expect(
      await screen.findByText(
        /Could not load the list of S3 buckets: Invalid request: query parameter "region" must be an AWS region/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Check the filters, or clear them/),
    ).toBeInTheDocument();
  });

  it('explains a denied list', async () => {
    server.use(
      http.get(LIST, () =>
        errorBody(403, 'NotAllowedError', 'You may not list S3 buckets'),
      ),
    );
    await renderPage({ routeEntries: ['/s3'] });
    expect(
      await screen.findByText('You do not have access to this S3 posture'),
    ).toBeInTheDocument();
    expect(screen.getByText('You may not list S3 buckets')).toBeInTheDocument();
  });
});
