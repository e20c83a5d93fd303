import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
} from '@backstage/core-components';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';

/** One check result as Tech Insights' JSON-rules engine returns it. */
interface CheckResult {
  check: { id: string; name: string; description: string };
  result: boolean;
}

/**
 * The entity's Tech Insights scorecard: runs the configured checks
 * (`techInsights.factChecker.checks`) for this entity and lists pass or fail. The
 * community Tech Insights frontend is not on every registry; this card needs only the
 * backend's `POST /checks/run` route.
 */
export function ScorecardCard() {
  const { entity } = useEntity();
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const { namespace = 'default', name } = entity.metadata;
  const kind = entity.kind.toLocaleLowerCase('en-US');

  const { value, loading, error } = useAsync(async () => {
    const base = await discoveryApi.getBaseUrl('tech-insights');
    const res = await fetchApi.fetch(
      `${base}/checks/run/${encodeURIComponent(namespace)}/${encodeURIComponent(kind)}/${encodeURIComponent(name)}`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      },
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as CheckResult[];
  }, [namespace, kind, name]);

  return (
    <InfoCard title="Scorecard" subheader="S3 checks from Tech Insights facts">
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && value.length === 0 && (
        <Typography variant="body2">
          No scorecard checks apply to this entity yet.
        </Typography>
      )}
      {value && value.length > 0 && (
        <ul
          aria-label="Scorecard checks"
          style={{ listStyle: 'none', margin: 0, padding: 0 }}
        >
          {value.map(({ check, result }) => (
            <li key={check.id} style={{ padding: '6px 0' }}>
              <Typography variant="body2" component="span">
                {result ? (
                  <StatusOK>Pass</StatusOK>
                ) : (
                  <StatusError>Fail</StatusError>
                )}{' '}
                <strong>{check.name}</strong>
              </Typography>
              <Typography
                variant="caption"
                display="block"
                color="textSecondary"
              >
                {check.description}
              </Typography>
            </li>
          ))}
        </ul>
      )}
    </InfoCard>
  );
}
