import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http, HttpResponse } from 'msw';
import {
  assetsBucket,
  makeChecks,
  makePosture,
} from '../../__testUtils__/fixtures';
import {
  BASE,
  createFakeBackend,
  errorBody,
  s3Handlers,
  server,
} from '../../__testUtils__/msw';
import { entity, renderS3 } from '../../__testUtils__/render';
import { EntityS3PostureCard } from './EntityS3PostureCard';

const SUMMARY = `${BASE}/v1/entities/:namespace/:kind/:name/summary`;

describe('EntityS3PostureCard', () => {
  registerMswTestHooks(server);
  let backend: ReturnType<typeof createFakeBackend>;

  beforeEach(() => {
    backend = createFakeBackend();
    server.use(...s3Handlers(backend));
  });

  it('shows progress while the summary loads', async () => {
    server.use(
      http.get(SUMMARY, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    await renderS3(<EntityS3PostureCard />, {
      entity: entity('Component', 'user-service'),
    });
    expect(screen.getByText('S3 buckets')).toBeInTheDocument();
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it("shows a service's bucket with status, score, owners, failing checks and last check", async () => {
    await renderS3(<EntityS3PostureCard />, {
      entity: entity('Component', 'user-service'),
    });
    expect(await screen.findByText('Overall: Compliant')).toBeInTheDocument();
    expect(screen.getByText(/1 bucket · lowest score \d+/)).toBeInTheDocument();

    const item = screen.getByRole('listitem', {
      name: 'UsersBucket: Compliant',
    });
    expect(
      within(item).getByRole('link', { name: 'UsersBucket' }),
    ).toHaveAttribute('href', '/catalog/default/resource/users-bucket');
    expect(
      within(item).getByText('securecart-users-production'),
    ).toBeInTheDocument();
    expect(
      within(item).getByLabelText(/^Score \d+ of 100$/),
    ).toBeInTheDocument();
    const failing = within(item).getByRole('list', {
      name: 'Most severe failing checks of UsersBucket',
    });
    expect(within(failing).getAllByText('Low')).toHaveLength(2);
    expect(within(failing).getByText('MFA Delete enabled')).toBeInTheDocument();
    expect(
      within(item).getByRole('link', { name: 'team-identity' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-identity');
    expect(
      within(item).getByRole('link', { name: 'user:dboyne' }),
    ).toBeInTheDocument();
    expect(within(item).getByText('42 minutes ago')).toBeInTheDocument();
    expect(within(item).queryByText('Stale')).not.toBeInTheDocument();
    expect(backend.requests).toEqual([
      'GET /v1/entities/default/component/user-service/summary',
    ]);
  });

  it('lists a team’s buckets worst first, with the three most severe failing checks and stale and unassessed markers', async () => {
    backend.postures.set(assetsBucket.entityRef!, {
      ...assetsBucket,
      owners: ['group:default/team-data'],
    });
    await renderS3(<EntityS3PostureCard />, {
      entity: entity('Group', 'team-data'),
    });
    expect(
      await screen.findByText('Overall: Non-compliant'),
    ).toBeInTheDocument();
    const items = screen.getAllByRole('listitem', { name: /: / });
    expect(items.map(i => i.getAttribute('aria-label'))).toEqual([
      'PublicAssetsBucket: Non-compliant',
      'AnalyticsExportsStagingBucket: Unknown',
      'MlFeaturesBucket: Unknown',
    ]);

    const [assets, analytics, fresh] = items;
    const failing = within(assets).getByRole('list', {
      name: /Most severe failing checks/,
    });
    expect(
      within(failing)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      'CriticalNo public read access',
      'HighBlock Public Access on for the account',
      'HighBlock Public Access on for the bucket',
      'and 2 more failing checks',
    ]);
    expect(within(analytics).getByText('Stale')).toBeInTheDocument();
    expect(
      within(analytics).getByText('17 checks could not be decided'),
    ).toBeInTheDocument();
    expect(within(fresh).getByText('Not assessed yet')).toBeInTheDocument();
    expect(within(fresh).getByText('Never')).toBeInTheDocument();
    expect(
      screen.getByRole('list', { name: 'Buckets by status' }),
    ).toHaveTextContent('1 non-compliant2 unknown');
  });

  it('says when a bucket its doc names is not found in AWS', async () => {
    await renderS3(<EntityS3PostureCard />, {
      entity: entity('Group', 'team-storefront'),
    });
    const item = await screen.findByRole('listitem', {
      name: 'LegacyMarketingAssetsBucket: Unknown',
    });
    expect(
      within(item).getByText('Bucket not found in AWS'),
    ).toBeInTheDocument();
    expect(
      within(item).getByRole('link', { name: 'LegacyMarketingAssetsBucket' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/legacy-marketing-assets-bucket',
    );
  });

  it('shows five buckets and lets the user show all of them', async () => {
    for (let i = 1; i <= 7; i++) {
      const p = makePosture({
        name: `bucket-${i}`,
        owners: ['group:default/team-many'],
        checkedAt: new Date().toISOString(),
        checks: makeChecks(),
      });
      backend.postures.set(p.entityRef!, p);
    }
    await renderS3(<EntityS3PostureCard />, {
      entity: entity('Group', 'team-many'),
    });
    expect(
      await screen.findAllByRole('listitem', { name: /: Compliant/ }),
    ).toHaveLength(5);
    await userEvent.click(
      screen.getByRole('button', { name: 'Show all 7 buckets' }),
    );
    expect(
      screen.getAllByRole('listitem', { name: /: Compliant/ }),
    ).toHaveLength(7);
    expect(
      screen.getByRole('button', { name: 'Show the worst 5 only' }),
    ).toHaveAttribute('aria-expanded', 'true');
  });

  it('links to the browse page filtered to the buckets the card counts', async () => {
    await renderS3(<EntityS3PostureCard />, {
      entity: entity('Component', 'user-service'),
      mountBrowsePage: true,
    });
    await screen.findByText('Overall: Compliant');
    await userEvent.click(
      screen.getByRole('link', { name: /Browse these buckets/ }),
    );
    expect(screen.getByTestId('location')).toHaveTextContent(
      '/s3?relatedTo=component%3Adefault%2Fuser-service',
    );
  });

  it("links a team's card to its roll-up on the browse page, not only what it owns itself", async () => {
    backend.postures.set(assetsBucket.entityRef!, {
      ...assetsBucket,
      owners: ['group:default/team-data'],
    });
    await renderS3(<EntityS3PostureCard />, {
      entity: entity('Group', 'team-data'),
      mountBrowsePage: true,
    });
    expect(
      await screen.findByRole('link', { name: /Browse these buckets/ }),
    ).toHaveAttribute('href', '/s3?relatedTo=group%3Adefault%2Fteam-data');
  });

  it('leaves the link out when the app has no browse page', async () => {
    await renderS3(<EntityS3PostureCard />, {
      entity: entity('Component', 'user-service'),
    });
    expect(await screen.findByText('Overall: Compliant')).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: /Browse these buckets/ }),
    ).not.toBeInTheDocument();
  });

  it("says how a team's bucket is related: via the service the team owns", async () => {
    server.use(
      http.get(SUMMARY, async ({ params }) => {
        if (params.kind !== 'group') return undefined;
        // The service's summary, as the team's roll-up carries it.
        const res = await fetch(
          `${BASE}/v1/entities/default/component/user-service/summary`,
        );
        const body = await res.json();
        return HttpResponse.json({
          ...body,
          entityRef: 'group:default/team-identity',
          buckets: body.buckets.map((b: object) => ({
            ...b,
            via: ['component:default/user-service'],
          })),
        });
      }),
    );
    await renderS3(<EntityS3PostureCard />, {
      entity: entity('Group', 'team-identity'),
    });
    const item = await screen.findByRole('listitem', {
      name: 'UsersBucket: Compliant',
    });
    expect(within(item).getByText(/^via/)).toHaveTextContent(
      'via user-service',
    );
    expect(
      within(item).getByRole('link', { name: 'user-service' }),
    ).toHaveAttribute('href', '/catalog/default/component/user-service');
  });

  it('tells the user how to add a bucket when none references the entity', async () => {
    await renderS3(<EntityS3PostureCard />, {
      entity: entity('Component', 'no-buckets'),
      config: { s3: { docsUrl: 'https://wiki.example.com/s3-bucket-docs' } },
    });
    expect(
      await screen.findByText('No S3 buckets reference this entity'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/names this component in its service field/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        (_content, el) =>
          el?.tagName === 'CODE' &&
          (el.textContent ?? '').includes('service: no-buckets'),
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /^How to write a bucket doc/ }),
    ).toHaveAttribute('href', 'https://wiki.example.com/s3-bucket-docs');
  });

  it('tells a user how to become an owner of a bucket', async () => {
    await renderS3(<EntityS3PostureCard />, {
      entity: entity('User', 'alice'),
    });
    expect(
      await screen.findByText(/lists this user among its owners/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        (_content, el) =>
          el?.tagName === 'CODE' &&
          (el.textContent ?? '').includes('- user:default/alice'),
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: /How to write a bucket doc/ }),
    ).not.toBeInTheDocument();
  });

  it('shows the server error and retries', async () => {
    let fail = true;
    server.use(
      http.get(SUMMARY, () =>
        fail
          ? errorBody(
              503,
              'ServiceUnavailableError',
              'The S3 posture store is not reachable',
            )
          : undefined,
      ),
    );
    await renderS3(<EntityS3PostureCard />, {
      entity: entity('Component', 'user-service'),
    });
    expect(
      await screen.findByText(
        /Could not load the S3 posture of this service: The S3 posture store is not reachable/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /ask your Backstage administrators to check the s3 backend plugin logs/,
      ),
    ).toBeInTheDocument();

    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Overall: Compliant')).toBeInTheDocument();
  });

  it('explains a permission denial instead of showing an outage', async () => {
    server.use(
      http.get(SUMMARY, () =>
        errorBody(
          403,
          'NotAllowedError',
          'You may not read the posture of resource:default/users-bucket',
        ),
      ),
    );
    await renderS3(<EntityS3PostureCard />, {
      entity: entity('Component', 'user-service'),
    });
    expect(
      await screen.findByText('You do not have access to this S3 posture'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'You may not read the posture of resource:default/users-bucket',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('s3.posture.read')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Try again' }),
    ).not.toBeInTheDocument();
  });

  it('waits for nothing else: one request per render', async () => {
    await renderS3(<EntityS3PostureCard />, {
      entity: entity('System', 'securecart'),
    });
    await waitFor(() => expect(backend.requests).toHaveLength(1));
    expect(backend.requests[0]).toBe(
      'GET /v1/entities/default/system/securecart/summary',
    );
  });
});
