import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import CheckIcon from '@material-ui/icons/Check';
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
    marginBottom: theme.spacing(2),
  },
  button: {
    textTransform: 'none',
    padding: theme.spacing(0.75, 1.5),
    justifyContent: 'flex-start',
    minWidth: '11rem',
    borderColor: theme.palette.divider,
  },
  selected: {
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
