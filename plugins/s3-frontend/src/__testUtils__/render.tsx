import { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { ApiRef, configApiRef } from '@backstage/core-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { ReactElement } from 'react';
import { useLocation } from 'react-router-dom';
import { S3Api, s3ApiRef } from '../api';
import { browseBucketsRouteRef, rootRouteRef } from '../routes';
import { createTestClient } from './msw';

export function entity(kind: string, name: string, type?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    spec: type ? { type, owner: 'group:default/team-a' } : {},
  };
}

/** Shows the current URL, so that tests can assert what the page keeps in it. */
export function LocationSpy() {
  const location = useLocation();
  return (
    <div data-testid="location">{`${location.pathname}${location.search}`}</div>
  );
}

/**
 * Renders in a Backstage test app with the real S3 client (against msw), a
 * permission API that allows or denies, and the catalog's entity route mounted.
 */
export function renderS3(
  element: ReactElement,
  options: {
    entity?: Entity;
    permission?: 'allow' | 'deny';
    api?: S3Api;
    config?: JsonObject;
    routeEntries?: string[];
    /** Bind the card's browse link to /s3, as an app with the browse page does. */
    mountBrowsePage?: boolean;
    /** Mount the plugin's own page at /s3, so that its sub routes resolve. */
    mountRootPage?: boolean;
    /** More [apiRef, implementation] pairs. */
    apis?: Array<[ApiRef<any>, any]>;
  } = {},
) {
  const content = options.entity ? (
    <EntityProvider entity={options.entity}>{element}</EntityProvider>
  ) : (
    element
  );
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [s3ApiRef, options.api ?? createTestClient()],
        [
          permissionApiRef,
          mockApis.permission({
            authorize:
              options.permission === 'deny'
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          }),
        ],
        [configApiRef, mockApis.config({ data: options.config ?? {} })],
        ...(options.apis ?? []),
      ]}
    >
      {content}
      <LocationSpy />
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        ...(options.mountBrowsePage ? { '/s3': browseBucketsRouteRef } : {}),
        ...(options.mountRootPage ? { '/s3': rootRouteRef } : {}),
      },
      routeEntries: options.routeEntries,
    },
  );
}
