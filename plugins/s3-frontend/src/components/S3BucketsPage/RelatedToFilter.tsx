import { parseEntityRef } from '@backstage/catalog-model';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(2),
  },
}));

/** What an entity's roll-up holds, by kind (as its S3 card counts them). */
const HOLDS: Record<string, string> = {
  group:
    'the buckets it owns, and those of the components, systems and child groups it owns',
  system: 'its buckets, and those of its components',
  component: 'the buckets it depends on',
  user: 'the buckets they own',
};

function describe(entityRef: string): { name: string; holds: string } {
  try {
    const { kind, name } = parseEntityRef(entityRef);
    const holds = HOLDS[kind.toLocaleLowerCase('en-US')];
    return {
      name: `${kind.toLocaleLowerCase('en-US')} ${name}`,
      holds: holds ?? 'the buckets related to it',
    };
  } catch {
    return { name: entityRef, holds: 'the buckets related to it' };
  }
}

/**
 * The filter a posture card's "Browse these buckets" link sets (`relatedTo`): which entity's
 * buckets these are and what that includes, so a team's list is not mistaken for the buckets
 * the team owns by name; removable like any other filter.
 */
export function RelatedToFilter(props: {
  entityRef: string;
  onClear: () => void;
}) {
  const classes = useStyles();
  const { name, holds } = describe(props.entityRef);
  return (
    <div className={classes.root}>
      <Chip
        label={`Buckets of ${name}`}
        color="primary"
        variant="outlined"
        onDelete={props.onClear}
        aria-label={`Filter: buckets of ${name}`}
        title={props.entityRef}
      />
      <Typography variant="body2" color="textSecondary">
        As its S3 card counts them: {holds}.
      </Typography>
    </div>
  );
}
