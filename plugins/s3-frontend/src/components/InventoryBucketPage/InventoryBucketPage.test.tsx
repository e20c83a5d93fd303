import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import {
  BASE,
  createFakeBackend,
  errorBody,
  s3Handlers,
  server,
} from '../../__testUtils__/msw';
import { renderS3 } from '../../__testUtils__/render';
import { S3BucketsPage } from '../S3BucketsPage';
import { http } from 'msw';

const CHECKOUT =
  '/s3/inventory/111122223333/securecart-checkout-exports-production';

function renderAt(path: string, options: Parameters<typeof renderS3>[1] = {}) {
  return renderS3(
    <Routes>
      <Route path="/s3/*" element={<S3BucketsPage />} />
    </Routes>,
    { mountRootPage: true, routeEntries: [path], ...options },
  );
}

describe('the page of an undocumented bucket', () => {
  registerMswTestHooks(server);
  let backend: ReturnType<typeof createFakeBackend>;

  beforeEach(() => {
    backend = createFakeBackend();
    server.use(...s3Handlers(backend));
  });

  it('shows the same posture as a bucket tab, under a banner offering to document it', async () => {
    await renderAt(CHECKOUT);
    expect(
      screen.getByRole('heading', {
        name: /securecart-checkout-exports-production/,
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'S3 bucket in AWS account 111122223333, found by listing the account',
      ),
    ).toBeInTheDocument();

    const banner = await screen.findByRole('alert');
    expect(
      within(banner).getByText('No doc describes this bucket'),
    ).toBeInTheDocument();
    expect(banner).toHaveTextContent(
      'Its tags suggest owner team-checkout and service order-service.',
    );
    expect(
      within(banner).getByRole('link', { name: 'team-checkout' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-checkout');

    // The bucket tab's content: posture header, history and checks.
    expect(screen.getByText('Security posture')).toBeInTheDocument();
    expect(screen.getAllByText('At risk').length).toBeGreaterThan(0);
    expect(screen.getByText('Score history')).toBeInTheDocument();
    expect(
      await screen.findByText(/Showing \d+ of \d+ checks/),
    ).toBeInTheDocument();
    expect(backend.requests).toEqual(
      expect.arrayContaining([
        'GET /v1/inventory/111122223333/securecart-checkout-exports-production',
        'GET /v1/inventory/111122223333/securecart-checkout-exports-production/history',
      ]),
    );

    await userEvent.click(
      within(banner).getByRole('button', { name: /Document this bucket/ }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Document this bucket',
    });
    await waitFor(() =>
      expect(
        within(dialog).getByRole('region', {
          name: 'Bucket doc for securecart-checkout-exports-production',
        }),
      ).toHaveTextContent(
        "Arn: 'arn:aws:s3:::securecart-checkout-exports-production'",
      ),
    );
  });

  it('refreshes through the inventory route', async () => {
    await renderAt(CHECKOUT);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Refresh now' }),
    );
    expect(await screen.findByText(/Assessed just now/)).toBeInTheDocument();
    expect(backend.requests).toContain(
      'POST /v1/inventory/111122223333/securecart-checkout-exports-production/refresh',
    );
  });

  it('leads back to the list', async () => {
    await renderAt(CHECKOUT);
    await screen.findByText('No doc describes this bucket');
    await userEvent.click(screen.getByRole('link', { name: 'All buckets' }));
    expect(await screen.findByText('5 buckets')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/s3$/);
  });

  it('says which permission a denied reader lacks', async () => {
    server.use(
      http.get(`${BASE}/v1/inventory/:accountId/:bucket`, () =>
        errorBody(
          403,
          'NotAllowedError',
          'You may not read buckets no doc describes',
        ),
      ),
    );
    await renderAt(CHECKOUT);
    expect(
      await screen.findByText('You do not have access to this S3 posture'),
    ).toBeInTheDocument();
    expect(screen.getByText(/s3\.inventory\.read/)).toBeInTheDocument();
  });

  it('says when the bucket has left the inventory', async () => {
    await renderAt('/s3/inventory/111122223333/deleted-last-week', {
      permission: 'deny',
    });
    expect(
      await screen.findByText(
        'No bucket deleted-last-week in the inventory of account 111122223333',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/The bucket may have been deleted/),
    ).toBeInTheDocument();
  });

  it('refuses an address that names no account and bucket, without asking the server', async () => {
    await renderAt('/s3/inventory/not-an-account/Bad_Bucket');
    expect(
      await screen.findByText('Not a bucket of the inventory'),
    ).toBeInTheDocument();
    expect(
      backend.requests.filter(r => r.startsWith('GET /v1/inventory/not')),
    ).toEqual([]);
  });
});
