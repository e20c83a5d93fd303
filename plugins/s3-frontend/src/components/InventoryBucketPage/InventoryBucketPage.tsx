import { EmptyState, Link } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { EntityRefLinks } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  BucketPosture,
  formatInventoryRef,
  parseInventoryRef,
  s3PostureRefreshPermission,
} from '@s3-posture/plugin-s3-common';
import { useMemo } from 'react';
import { useParams } from 'react-router-dom';
import { s3ApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { DocumentBucketButton } from '../common/DocumentBucketDialog';
import { NoDocChip } from '../common/StatusLabels';
import {
  BucketPostureLoaders,
  BucketPostureView,
} from '../EntityS3BucketContent/BucketPostureView';

const useStyles = makeStyles(theme => ({
  back: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    marginBottom: theme.spacing(1),
  },
  title: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1, 2),
    marginBottom: theme.spacing(0.5),
    wordBreak: 'break-all',
  },
  subtitle: {
    marginBottom: theme.spacing(3),
  },
  banner: {
    alignItems: 'center',
  },
  suggestions: {
    marginTop: theme.spacing(1),
  },
}));

/** What the page of an undocumented bucket says above its posture. */
function UndocumentedBanner(props: { posture: BucketPosture }) {
  const { posture } = props;
  const classes = useStyles();
  const owners = posture.suggestedOwners ?? [];
  return (
    <Alert
      severity="info"
      className={classes.banner}
      action={<DocumentBucketButton bucket={posture} variant="contained" />}
    >
      <AlertTitle>No doc describes this bucket</AlertTitle>
      AWS lists it in account {posture.accountId}, but no bucket doc in the
      catalog names it, so nobody owns it in Backstage. Document it to give it
      an owner.
      {(owners.length > 0 || posture.suggestedService) && (
        <Typography
          variant="body2"
          component="div"
          className={classes.suggestions}
        >
          Its tags suggest
          {owners.length > 0 && (
            <>
              {' '}
              owner <EntityRefLinks entityRefs={owners} defaultKind="group" />
            </>
          )}
          {owners.length > 0 && posture.suggestedService && ' and'}
          {posture.suggestedService && (
            <>
              {' '}
              service{' '}
              <EntityRefLinks
                entityRefs={[posture.suggestedService]}
                defaultKind="component"
              />
            </>
          )}
          .
        </Typography>
      )}
    </Alert>
  );
}

/**
 * The posture page of a bucket no doc describes (`/s3/inventory/:accountId/:bucket`): the
 * same content as a bucket's tab, under a banner that offers to document it.
 */
export function InventoryBucketContent() {
  const classes = useStyles();
  const params = useParams();
  const api = useApi(s3ApiRef);
  const browseLink = useRouteRef(rootRouteRef);
  const parsed = parseInventoryRef(
    formatInventoryRef(params.accountId ?? '', params.bucket ?? ''),
  );
  const inventoryRef = parsed
    ? formatInventoryRef(parsed.accountId, parsed.bucket)
    : '';
  // The inventory ref stands in for the entity: a policy may allow it, or not.
  const { allowed: canRefresh } = usePermission({
    permission: s3PostureRefreshPermission,
    resourceRef: inventoryRef || undefined,
  });
  const loaders = useMemo<BucketPostureLoaders>(
    () => ({
      ref: inventoryRef,
      getPosture: () => api.getInventoryBucket(inventoryRef),
      getHistory: () => api.getInventoryHistory(inventoryRef),
      refresh: () => api.refreshInventoryBucket(inventoryRef),
    }),
    [api, inventoryRef],
  );

  const back = (
    <Link to={browseLink()} className={classes.back}>
      <ArrowBackIcon fontSize="small" aria-hidden />
      All buckets
    </Link>
  );

  if (!parsed) {
    return (
      <>
        {back}
        <EmptyState
          missing="info"
          title="Not a bucket of the inventory"
          description="This address does not name an AWS account (12 digits) and a valid S3 bucket name. Go back to the list of buckets and pick one from there."
        />
      </>
    );
  }

  return (
    <>
      {back}
      <Typography variant="h4" component="h2" className={classes.title}>
        {parsed.bucket}
        <NoDocChip />
      </Typography>
      <Typography
        variant="body2"
        color="textSecondary"
        className={classes.subtitle}
      >
        S3 bucket in AWS account {parsed.accountId}, found by listing the
        account
      </Typography>
      <BucketPostureView
        loaders={loaders}
        canRefresh={canRefresh}
        banner={posture => <UndocumentedBanner posture={posture} />}
        notFoundHint="The bucket may have been deleted, or its account is no longer listed. Go back to the list of buckets to see the current inventory."
        permissionHint={
          <>
            Buckets no doc describes need the <code>s3.inventory.read</code>{' '}
            permission. Ask your Backstage administrators to grant it.
          </>
        }
      />
    </>
  );
}
