import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InventoryAccount } from '@s3-posture/plugin-s3-common';
import useAsync from 'react-use/esm/useAsync';
import { s3ApiRef } from '../../api';
import { formatCount } from '../common/formatCount';
import { errorStatus, serverMessage } from '../common/PostureErrorPanel';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'stretch',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(2),
  },
  label: {
    alignSelf: 'center',
    marginRight: theme.spacing(0.5),
    color: theme.palette.text.secondary,
  },
  button: {
    textTransform: 'none',
    padding: theme.spacing(0.5, 1.5),
    borderColor: theme.palette.divider,
    textAlign: 'left',
  },
  buttonLabel: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
  },
  selected: {
    borderColor: theme.palette.primary.main,
    boxShadow: `inset 0 0 0 1px ${theme.palette.primary.main}`,
    backgroundColor: theme.palette.action.selected,
  },
  account: {
    fontWeight: theme.typography.fontWeightBold as number,
    fontVariantNumeric: 'tabular-nums',
  },
  listError: {
    color: theme.palette.error.main,
  },
}));

const plural = (n: number, one: string, many = `${one}s`) =>
  `${formatCount(n)} ${n === 1 ? one : many}`;

function describe(account: InventoryAccount): string {
  return [
    plural(account.buckets, 'bucket'),
    `${formatCount(account.undocumented)} undocumented`,
    `${formatCount(account.nonCompliant)} non-compliant`,
  ].join(' · ');
}

/**
 * The inventory per configured AWS account: buckets, undocumented, non-compliant, and
 * whether its `ListBuckets` failed. Each account narrows the list to it. Hidden for callers
 * without `s3.inventory.read` (403) and when the inventory is off.
 */
export function InventoryAccounts(props: {
  /** Ask once the first page of buckets has come: the rows matter more. */
  enabled: boolean;
  selected?: string;
  onChange: (account: string | undefined) => void;
}) {
  const { enabled, selected, onChange } = props;
  const classes = useStyles();
  const api = useApi(s3ApiRef);
  const { value, error } = useAsync(
    async () => (enabled ? api.listInventoryAccounts() : undefined),
    [api, enabled],
  );

  if (error) {
    // No permission to see the inventory, or a backend without it: nothing to show.
    const status = errorStatus(error);
    if (status === 401 || status === 403 || status === 404) return null;
    return (
      <Typography
        variant="body2"
        color="textSecondary"
        className={classes.root}
        role="alert"
      >
        Could not load the AWS accounts: {serverMessage(error)}
      </Typography>
    );
  }
  if (!value?.enabled || value.items.length === 0) return null;

  return (
    <div className={classes.root} role="group" aria-label="Buckets by account">
      <Typography variant="body2" component="span" className={classes.label}>
        Accounts
      </Typography>
      {value.items.map(account => {
        const on = selected === account.accountId;
        const text = describe(account);
        return (
          <Button
            key={account.accountId}
            variant="outlined"
            className={`${classes.button} ${on ? classes.selected : ''}`}
            classes={{ label: classes.buttonLabel }}
            aria-pressed={on}
            aria-label={`Account ${account.accountId}: ${text.replace(
              / · /g,
              ', ',
            )}${
              account.listError
                ? `; ListBuckets failed: ${account.listError.code}`
                : ''
            }${on ? ', filter on' : ''}`}
            title={account.listError?.message}
            onClick={() => onChange(on ? undefined : account.accountId)}
          >
            <span className={classes.account}>{account.accountId}</span>
            <Typography variant="caption" color="textSecondary">
              {text}
            </Typography>
            {account.listError && (
              <Typography variant="caption" className={classes.listError}>
                ListBuckets failed: {account.listError.code}
              </Typography>
            )}
          </Button>
        );
      })}
    </div>
  );
}
