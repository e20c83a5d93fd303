import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import { s3PostureRefreshPermission } from '@s3-posture/plugin-s3-common';
import { useMemo } from 'react';
import { s3ApiRef } from '../../api';
import { BucketPostureLoaders, BucketPostureView } from './BucketPostureView';

/**
 * The posture of one bucket (a Resource of type `s3-bucket`): header, all checks by
 * category, score history, and a refresh button for those allowed to refresh.
 */
export function EntityS3BucketContent() {
  const { entity } = useEntity();
  const api = useApi(s3ApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { allowed: canRefresh } = usePermission({
    permission: s3PostureRefreshPermission,
    resourceRef: entityRef,
  });
  const loaders = useMemo<BucketPostureLoaders>(
    () => ({
      ref: entityRef,
      getPosture: () => api.getBucket(entityRef),
      getHistory: () => api.getHistory(entityRef),
      refresh: () => api.refreshBucket(entityRef),
    }),
    [api, entityRef],
  );
  return (
    <BucketPostureView
      loaders={loaders}
      canRefresh={canRefresh}
      notFoundHint="Come back in a few minutes. If it stays like this, check that the bucket doc’s ARN names a bucket the S3 posture service can reach."
    />
  );
}
