import { Entity } from '@backstage/catalog-model';
import {
  Content,
  Header,
  InfoCard,
  Page,
  SidebarItem,
} from '@backstage/core-components';
import {
  attachComponentData,
  createApiFactory,
} from '@backstage/core-plugin-api';
import { createDevApp } from '@backstage/dev-utils';
import {
  EntityProvider,
  catalogApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import CategoryIcon from '@material-ui/icons/Category';
import ExtensionIcon from '@material-ui/icons/Extension';
import GroupIcon from '@material-ui/icons/Group';
import StorageIcon from '@material-ui/icons/Storage';
import { useParams } from 'react-router-dom';
import {
  EntityS3BucketContent,
  EntityS3PostureCard,
  S3BucketsPage,
  s3ApiRef,
  s3Plugin,
} from '../src';
import { allSummaries, manySummaries } from '../src/__testUtils__/fixtures';
import { FakeS3Api } from './FakeS3Api';

// The dev app has no auth backend: sign in as a local guest without asking.
window.localStorage.setItem('enableLegacyGuestToken', 'true');
window.localStorage.setItem('@backstage/core:SignInPage:provider', 'guest');

const resource = (name: string, title?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, ...(title ? { title } : {}), namespace: 'default' },
  spec: { type: 's3-bucket', owner: 'group:default/team-platform' },
});

const other = (kind: string, name: string, title?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default', ...(title ? { title } : {}) },
  spec: {},
});

/** A stand-in for the catalog's entity page, bound to `entityRouteRef`. */
function DevEntityPage() {
  const { kind = '', name = '' } = useParams();
  const entity =
    kind.toLocaleLowerCase('en-US') === 'resource'
      ? resource(name)
      : other(kind.charAt(0).toLocaleUpperCase('en-US') + kind.slice(1), name);
  return (
    <Page themeId={kind === 'resource' ? 'tool' : 'service'}>
      <Header title={name} type={kind} />
      <Content>
        <EntityProvider entity={entity}>
          {kind.toLocaleLowerCase('en-US') === 'resource' ? (
            <EntityS3BucketContent />
          ) : (
            <Grid container spacing={3} alignItems="stretch">
              <Grid item xs={12} md={6}>
                <InfoCard title="About">
                  <Typography variant="body2">
                    The catalog's own cards would be here. The S3 card sits next
                    to them in the overview grid.
                  </Typography>
                </InfoCard>
              </Grid>
              <Grid item xs={12} md={6}>
                <EntityS3PostureCard />
              </Grid>
            </Grid>
          )}
        </EntityProvider>
      </Content>
    </Page>
  );
}
attachComponentData(DevEntityPage, 'core.mountPoint', entityRouteRef);

const facetSource = [...allSummaries, ...manySummaries(120)];
function facet(values: Array<string | undefined>) {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count }));
}

createDevApp()
  .registerPlugin(s3Plugin)
  .registerApi(
    createApiFactory({
      api: s3ApiRef,
      deps: {},
      factory: () => new FakeS3Api(),
    }),
  )
  .registerApi(
    createApiFactory({
      api: permissionApiRef,
      deps: {},
      factory: () => ({
        authorize: async () => ({ result: 'ALLOW' as any }),
      }),
    }),
  )
  .registerApi(
    createApiFactory({
      api: catalogApiRef,
      deps: {},
      factory: () =>
        ({
          getEntityFacets: async () => ({
            facets: {
              'relations.ownedBy': facet(facetSource.flatMap(b => b.owners)),
              'relations.dependencyOf': facet(facetSource.map(b => b.service)),
              'metadata.annotations.amazonaws.com/account-id': facet(
                facetSource.map(b => b.accountId),
              ),
            },
          }),
        }) as any,
    }),
  )
  .addPage({
    path: '/s3',
    title: 'S3 buckets',
    icon: StorageIcon,
    element: <S3BucketsPage />,
  })
  .addPage({
    path: '/catalog/:namespace/:kind/:name',
    element: <DevEntityPage />,
  })
  .addSidebarItem(
    <SidebarItem
      key="service"
      icon={ExtensionIcon}
      to="/catalog/default/component/user-service"
      text="Service card"
    />,
  )
  .addSidebarItem(
    <SidebarItem
      key="team"
      icon={GroupIcon}
      to="/catalog/default/group/team-data"
      text="Team card"
    />,
  )
  .addSidebarItem(
    <SidebarItem
      key="system"
      icon={CategoryIcon}
      to="/catalog/default/system/securecart"
      text="System card"
    />,
  )
  .addSidebarItem(
    <SidebarItem
      key="bucket"
      icon={StorageIcon}
      to="/catalog/default/resource/public-assets-bucket"
      text="Bucket tab"
    />,
  )
  .render();
