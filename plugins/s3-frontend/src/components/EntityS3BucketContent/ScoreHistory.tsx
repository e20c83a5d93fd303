import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import { BucketHistoryResponse } from '@s3-posture/plugin-s3-common';
import { formatAbsolute, RelativeTime } from '../common/RelativeTime';
import {
  POSTURE_STATUS_LABELS,
  PostureStatusLabel,
  ScoreText,
} from '../common/StatusLabels';

type HistoryItem = BucketHistoryResponse['items'][number];

const useStyles = makeStyles(theme => ({
  figure: {
    margin: theme.spacing(0, 0, 2),
  },
  spark: {
    display: 'block',
    width: '100%',
    height: 64,
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

/** A small inline SVG line of the scores over time; no chart library. */
export function Sparkline(props: { items: HistoryItem[] }) {
  const classes = useStyles();
  const theme = useTheme();
  const scored = props.items.filter(i => i.score !== undefined);
  if (scored.length < 2) return null;
  const times = scored.map(i => new Date(i.checkedAt).getTime());
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const x = (t: number, i: number) =>
    t1 === t0
      ? PAD + (i * (W - 2 * PAD)) / (scored.length - 1)
      : PAD + ((t - t0) * (W - 2 * PAD)) / (t1 - t0);
  // Scale to the scores' own range (in steps of 10) so that a trend is visible.
  const values = scored.map(i => i.score!);
  const lo = Math.max(0, Math.floor((Math.min(...values) - 5) / 10) * 10);
  const hi = Math.min(100, Math.ceil((Math.max(...values) + 5) / 10) * 10);
  const y = (score: number) =>
    PAD + ((hi - score) * (H - 2 * PAD)) / Math.max(1, hi - lo);
  const points = scored.map((item, i) => [x(times[i], i), y(item.score!)]);
  const first = scored[0].score!;
  const last = scored[scored.length - 1].score!;
  let trend = 'unchanged';
  if (last > first) trend = 'up';
  if (last < first) trend = 'down';
  return (
    <figure className={classes.figure}>
      <svg
        className={classes.spark}
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Score over ${scored.length} assessments: ${trend}, from ${first} to ${last}`}
      >
        {[lo, hi].map(v => (
          <line
            key={v}
            x1={PAD}
            x2={W - PAD}
            y1={y(v)}
            y2={y(v)}
            stroke={theme.palette.divider}
            strokeDasharray="4 4"
            vectorEffect="non-scaling-stroke"
          />
        ))}
        <polyline
          fill="none"
          stroke={theme.palette.primary.main}
          strokeWidth={2}
          vectorEffect="non-scaling-stroke"
          points={points.map(p => p.join(',')).join(' ')}
        />
        {points.map(([px, py], i) => (
          <circle
            key={i}
            cx={px}
            cy={py}
            r={2.5}
            fill={theme.palette.primary.main}
          >
            <title>
              {`${formatAbsolute(new Date(scored[i].checkedAt))}: ${scored[i].score} (${POSTURE_STATUS_LABELS[scored[i].status]})`}
            </title>
          </circle>
        ))}
      </svg>
      <Typography
        component="figcaption"
        variant="caption"
        color="textSecondary"
        className={classes.caption}
      >
        <span>
          Score {first} → {last} over {scored.length} assessments
        </span>
        <span>
          scale {lo}–{hi}
        </span>
      </Typography>
    </figure>
  );
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
