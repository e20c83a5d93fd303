import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  key: {
    fontFamily: 'monospace',
    whiteSpace: 'nowrap',
    verticalAlign: 'top',
    width: '1%',
    paddingLeft: 0,
  },
  value: {
    fontFamily: 'monospace',
    wordBreak: 'break-word',
    verticalAlign: 'top',
  },
  pre: {
    margin: theme.spacing(1, 0, 0),
    padding: theme.spacing(1),
    maxHeight: 320,
    overflow: 'auto',
    background: theme.palette.background.default,
    borderRadius: theme.shape.borderRadius,
    fontSize: '0.8rem',
  },
  summary: {
    cursor: 'pointer',
    color: theme.palette.primary.main,
  },
}));

function isPlain(value: unknown): boolean {
  return (
    value === null ||
    ['string', 'number', 'boolean', 'undefined'].includes(typeof value) ||
    (Array.isArray(value) &&
      value.length <= 8 &&
      value.every(v => v === null || typeof v !== 'object'))
  );
}

function plainText(value: unknown): string {
  if (value === undefined) return '—';
  if (Array.isArray(value)) {
    return value.length ? value.map(v => String(v)).join(', ') : '(none)';
  }
  return String(value);
}

/**
 * The configuration fields that decided a check: simple values as key/value rows,
 * structured ones (policies, rules) as JSON behind a disclosure.
 */
export function Evidence(props: { evidence: Record<string, unknown> }) {
  const classes = useStyles();
  const entries = Object.entries(props.evidence ?? {});
  if (entries.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No evidence recorded.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Evidence">
      <TableBody>
        {entries.map(([key, value]) => (
          <TableRow key={key}>
            <TableCell component="th" scope="row" className={classes.key}>
              {key}
            </TableCell>
            <TableCell className={classes.value}>
              {isPlain(value) ? (
                plainText(value)
              ) : (
                <details>
                  <summary className={classes.summary}>
                    {Array.isArray(value)
                      ? `${value.length} items`
                      : `${Object.keys(value as object).length} fields`}{' '}
                    (JSON)
                  </summary>
                  <pre className={classes.pre}>
                    {JSON.stringify(value, null, 2)}
                  </pre>
                </details>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
