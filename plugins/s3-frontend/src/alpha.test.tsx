import { Entity } from '@backstage/catalog-model';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { mockApis, registerMswTestHooks } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import s3Plugin, {
  s3ApiExtension,
  s3BucketEntityContent,
  s3BucketsPage,
  s3PostureEntityCard,
} from './alpha';
import { S3PostureClient } from '@s3-posture/plugin-s3-common';
import { s3ApiRef } from './api';
import {
  createFakeBackend,
  createTestClient,
  s3Handlers,
  server,
} from './__testUtils__/msw';
import { entity } from './__testUtils__/render';

const entityRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

const kinds: Array<[string, boolean, Entity]> = [
  ['Component', true, entity('Component', 'user-service', 'service')],
  ['System', true, entity('System', 'securecart')],
  ['Group', true, entity('Group', 'team-data')],
  ['User', true, entity('User', 'dboyne')],
  ['Resource', false, entity('Resource', 'users-bucket', 's3-bucket')],
  ['API', false, entity('API', 'orders-api', 'openapi')],
];

describe('new frontend system plugin', () => {
  registerMswTestHooks(server);
  beforeEach(() => {
    server.use(...s3Handlers(createFakeBackend()));
  });

  it('is the s3 plugin with its API, card, tab and page', () => {
    expect(s3Plugin.id).toBe('s3');
    expect(s3Plugin.getExtension('api:s3')).toMatchObject({ kind: 'api' });
    expect(s3Plugin.getExtension('entity-card:s3/posture')).toMatchObject({
      kind: 'entity-card',
      name: 'posture',
    });
    expect(s3Plugin.getExtension('entity-content:s3/bucket')).toMatchObject({
      kind: 'entity-content',
      name: 'bucket',
    });
    expect(s3Plugin.getExtension('page:s3')).toMatchObject({ kind: 'page' });
  });

  it('provides the REST client on discovery and fetch', () => {
    const factory = createExtensionTester(s3ApiExtension).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api).toBe(s3ApiRef);
    expect(Object.keys(factory.deps).sort()).toEqual([
      'discoveryApi',
      'fetchApi',
    ]);
    expect(
      factory.factory({
        discoveryApi: mockApis.discovery(),
        fetchApi: { fetch },
      }),
    ).toBeInstanceOf(S3PostureClient);
  });

  it.each(kinds)('%s entities get the card: %s', (_kind, expected, subject) => {
    const filter = createExtensionTester(s3PostureEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(filter(subject)).toBe(expected);
  });

  it('renders the card for a service', async () => {
    const tester = createExtensionTester(s3PostureEntityCard);
    renderInTestApp(
      <EntityProvider entity={entity('Component', 'user-service', 'service')}>
        {tester.reactElement()}
      </EntityProvider>,
      {
        apis: [[s3ApiRef, createTestClient()]],
        mountedRoutes: entityRoutes,
      },
    );
    expect(await screen.findByText('Overall: Compliant')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'UsersBucket' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/users-bucket',
    );
  });

  it('adds an "S3 posture" tab at /s3 to bucket resources only', () => {
    const tester = createExtensionTester(s3BucketEntityContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'S3 posture',
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/s3');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(entity('Resource', 'users-bucket', 's3-bucket'))).toBe(true);
    expect(filter(entity('Resource', 'orders-db', 'database'))).toBe(false);
    expect(filter(entity('Component', 'user-service', 'service'))).toBe(false);
  });

  it('renders the tab without a refresh button when refreshing is denied', async () => {
    const tester = createExtensionTester(s3BucketEntityContent);
    renderInTestApp(
      <EntityProvider entity={entity('Resource', 'users-bucket', 's3-bucket')}>
        {tester.reactElement()}
      </EntityProvider>,
      {
        apis: [
          [s3ApiRef, createTestClient()],
          [
            permissionApiRef,
            mockApis.permission({ authorize: AuthorizeResult.DENY }),
          ],
        ],
        mountedRoutes: entityRoutes,
      },
    );
    expect(await screen.findByText('Security posture')).toBeInTheDocument();
    expect(screen.getByText('Showing 20 of 20 checks')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Refresh/ }),
    ).not.toBeInTheDocument();
  });

  it('adds the browse page at /s3 with the nav title "S3 buckets"', async () => {
    const tester = createExtensionTester(s3BucketsPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/s3');
    expect(tester.get(coreExtensionData.title)).toBe('S3 buckets');
    expect(tester.get(coreExtensionData.icon)).toBeTruthy();

    renderInTestApp(tester.reactElement(), {
      apis: [[s3ApiRef, createTestClient()]],
      // The page's own route, as an app mounts it: its sub routes resolve against it.
      mountedRoutes: { ...entityRoutes, '/s3': s3Plugin.routes.root },
    });
    expect(await screen.findByText('5 buckets')).toBeInTheDocument();
  });

  it('serves the browse page at /s3 when the whole plugin is installed', async () => {
    renderTestApp({
      features: [s3Plugin],
      initialRouteEntries: ['/s3?status=unknown'],
      apis: [[s3ApiRef, createTestClient()]],
      mountedRoutes: entityRoutes,
    });
    expect(await screen.findByText('2 buckets match')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'MlFeaturesBucket' }),
    ).toHaveAttribute('href', '/catalog/default/resource/ml-features-bucket');
  });

  it('serves the page of an undocumented bucket under the browse page', async () => {
    renderTestApp({
      features: [s3Plugin],
      initialRouteEntries: ['/s3/inventory/444455556666/legacy-uploads'],
      apis: [[s3ApiRef, createTestClient()]],
      mountedRoutes: entityRoutes,
    });
    expect(
      await screen.findByText('No doc describes this bucket'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: /legacy-uploads/ }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'All buckets' })).toHaveAttribute(
      'href',
      '/s3',
    );
  });
});
