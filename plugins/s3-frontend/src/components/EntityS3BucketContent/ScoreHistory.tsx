import { TrendLine } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import { BucketHistoryResponse } from '@s3-posture/plugin-s3-common';
import { formatAbsolute, RelativeTime } from '../common/RelativeTime';
import { PostureStatusLabel, ScoreText } from '../common/StatusLabels';

type HistoryItem = BucketHistoryResponse['items'][number];

const useStyles = makeStyles(theme => ({
  figure: {
    margin: theme.spacing(0, 0, 2),
  },
  caption: {
    display: 'flex',
    justifyContent: 'space-between',
  },
  table: {
    '& td, & th': { paddingLeft: 0 },
  },
}));

const W = 300;
const H = 64;
const PAD = 6;

/** The scores over time as Backstage's `TrendLine`, scaled to the scores' own range. */
export function Sparkline(props: { items: HistoryItem[] }) {
  const classes = useStyles();
  const theme = useTheme();
  const scored = props.items.filter(i => i.score !== undefined);
  if (scored.length < 2) return null;
  // Scale to the scores' own range (in steps of 10) so that a trend is visible.
  const values = scored.map(i => i.score!);
  const lo = Math.max(0, Math.floor((Math.min(...values) - 5) / 10) * 10);
  const hi = Math.min(100, Math.ceil((Math.max(...values) + 5) / 10) * 10);
  const first = values[0];
  const last = values[values.length - 1];
  let trend = 'unchanged';
  if (last > first) trend = 'up';
  if (last < first) trend = 'down';
  const summary = `Score ${first} → ${last} over ${scored.length} assessments`;
  return (
    <figure className={classes.figure}>
      <div
        role="img"
        aria-label={`Score over ${scored.length} assessments: ${trend}, from ${first} to ${last}`}
      >
        <TrendLine
          data={values}
          min={lo}
          max={hi}
          width={W}
          height={H}
          margin={PAD}
          color={theme.palette.primary.main}
          title={`${summary} (${formatAbsolute(
            new Date(scored[0].checkedAt),
          )} to ${formatAbsolute(new Date(scored[scored.length - 1].checkedAt))})`}
          style={{ display: 'block', width: '100%', height: H }}
        />
      </div>
      <Typography
        component="figcaption"
        variant="caption"
        color="textSecondary"
        className={classes.caption}
      >
        <span>{summary}</span>
        <span>
          scale {lo}–{hi}
        </span>
      </Typography>
    </figure>
  );
}

/** How an assessment was triggered, in words (`trigger` of the history API). */
export function describeTrigger(trigger: string | undefined): string {
  if (!trigger) return '—';
  if (trigger === 'scheduled') return 'Scheduled refresh';
  if (trigger === 'manual') return 'Manual refresh';
  const event = /^event: (.+)$/.exec(trigger);
  if (event) return `AWS change: ${event[1]}`;
  return trigger;
}

/** Score history: sparkline plus the latest assessments as a table. */
export function ScoreHistory(props: { history: BucketHistoryResponse }) {
  const classes = useStyles();
  const items = [...props.history.items].sort(
    (a, b) => Date.parse(a.checkedAt) - Date.parse(b.checkedAt),
  );
  if (items.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No assessments recorded yet.
      </Typography>
    );
  }
  const latest = items.slice(-5).reverse();
  return (
    <>
      <Sparkline items={items} />
      <Table
        size="small"
        className={classes.table}
        aria-label="Recent assessments"
      >
        <TableHead>
          <TableRow>
            <TableCell>When</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Triggered by</TableCell>
            <TableCell align="right">Score</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {latest.map(item => (
            <TableRow key={item.checkedAt}>
              <TableCell>
                <RelativeTime iso={item.checkedAt} />
              </TableCell>
              <TableCell>
                <PostureStatusLabel status={item.status} />
              </TableCell>
              <TableCell>{describeTrigger(item.trigger)}</TableCell>
              <TableCell align="right">
                <ScoreText score={item.score} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {items.length > latest.length && (
        <Typography variant="caption" color="textSecondary">
          {items.length} assessments kept; the latest {latest.length} are
          listed.
        </Typography>
      )}
    </>
  );
}
