import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import CheckIcon from '@material-ui/icons/Check';
import NoDocIcon from '@material-ui/icons/DescriptionOutlined';
import {
  POSTURE_STATUS_ORDER,
  PostureStatus,
} from '@s3-posture/plugin-s3-common';
import { formatCount } from '../common/formatCount';
import {
  POSTURE_STATUS_LABELS,
  PostureStatusLabel,
} from '../common/StatusLabels';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
  button: {
    textTransform: 'none',
    padding: theme.spacing(0.75, 1.5),
    justifyContent: 'flex-start',
    minWidth: '11rem',
    borderColor: theme.palette.divider,
  },
  noDoc: {
    borderStyle: 'dashed',
  },
  noDocLabel: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.75),
    fontSize: '1rem',
  },
  noDocIcon: {
    color: theme.palette.text.secondary,
  },
  selected: {
    borderStyle: 'solid',
    borderColor: theme.palette.primary.main,
    boxShadow: `inset 0 0 0 1px ${theme.palette.primary.main}`,
    backgroundColor: theme.palette.action.selected,
  },
  check: {
    fontSize: '1rem',
    marginRight: theme.spacing(0.5),
    verticalAlign: 'text-bottom',
    color: theme.palette.primary.main,
  },

  count: {
    marginLeft: 'auto',
    paddingLeft: theme.spacing(2),
    fontWeight: theme.typography.fontWeightBold as number,
    fontSize: '1.1rem',
  },
}));

/**
 * Buckets per status over the current filters; each is a toggle that narrows the
 * list to that status (several may be on).
 */
export function StatusCounts(props: {
  counts?: Record<PostureStatus, number>;
  selected: PostureStatus[];
  onChange: (selected: PostureStatus[]) => void;
}) {
  const { counts, selected, onChange } = props;
  const classes = useStyles();
  const toggle = (status: PostureStatus) =>
    onChange(
      selected.includes(status)
        ? selected.filter(s => s !== status)
        : POSTURE_STATUS_ORDER.filter(
            s => s === status || selected.includes(s),
          ),
    );
  return (
    <div className={classes.root} role="group" aria-label="Buckets by status">
      {POSTURE_STATUS_ORDER.map(status => {
        const on = selected.includes(status);
        const count = counts?.[status];
        return (
          <Button
            key={status}
            variant="outlined"
            className={`${classes.button} ${on ? classes.selected : ''}`}
            aria-pressed={on}
            aria-label={`${POSTURE_STATUS_LABELS[status]}: ${
              count ?? 'unknown number of'
            } buckets${on ? ', filter on' : ''}`}
            onClick={() => toggle(status)}
          >
            <PostureStatusLabel status={status} />
            <span className={classes.count} aria-hidden>
              {on && <CheckIcon className={classes.check} />}
              {count === undefined ? '–' : formatCount(count)}
            </span>
          </Button>
        );
      })}
    </div>
  );
}

/**
 * Buckets that AWS lists and no doc describes, over the current filters; a toggle that
 * narrows the list to them (`documented=false`). Hidden while there are none and the
 * filter is off: callers without `s3.inventory.read` always get 0.
 */
export function UndocumentedCount(props: {
  count?: number;
  selected: boolean;
  onChange: (selected: boolean) => void;
}) {
  const { count, selected, onChange } = props;
  const classes = useStyles();
  if (!selected && !count) return null;
  return (
    <div
      className={classes.root}
      role="group"
      aria-label="Buckets by documentation"
    >
      <Button
        variant="outlined"
        className={`${classes.button} ${classes.noDoc} ${
          selected ? classes.selected : ''
        }`}
        aria-pressed={selected}
        aria-label={`Undocumented: ${count ?? 'unknown number of'} buckets${
          selected ? ', filter on' : ''
        }`}
        title="Buckets in AWS that no bucket doc describes"
        onClick={() => onChange(!selected)}
      >
        <span className={classes.noDocLabel}>
          <NoDocIcon fontSize="small" className={classes.noDocIcon} />
          Undocumented
        </span>
        <span className={classes.count} aria-hidden>
          {selected && <CheckIcon className={classes.check} />}
          {count === undefined ? '–' : formatCount(count)}
        </span>
      </Button>
    </div>
  );
}
