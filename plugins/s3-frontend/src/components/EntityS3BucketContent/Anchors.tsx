import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { CheckAnchors } from '@s3-posture/plugin-s3-common';
import { Fragment, ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  list: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: theme.spacing(0.5, 2),
    margin: 0,
  },
  term: {
    color: theme.palette.text.secondary,
  },
  def: {
    margin: 0,
  },
}));

/** Security Hub control docs: `S3.5` → s3-controls.html#s3-5. */
export function securityHubUrl(control: string): string | undefined {
  const m = /^([A-Za-z0-9]+)\.(\d+)$/.exec(control.trim());
  if (!m) return undefined;
  const service = m[1].toLocaleLowerCase('en-US');
  return `https://docs.aws.amazon.com/securityhub/latest/userguide/${service}-controls.html#${service}-${m[2]}`;
}

/** AWS Config managed rule docs. */
export function awsConfigUrl(rule: string): string | undefined {
  return /^[a-z0-9-]+$/.test(rule)
    ? `https://docs.aws.amazon.com/config/latest/developerguide/${rule}.html`
    : undefined;
}

function joined(items: ReactNode[]) {
  return items.map((item, i) => (
    <Fragment key={i}>
      {i > 0 && ', '}
      {item}
    </Fragment>
  ));
}

/** Where the check comes from: Security Hub, CIS, AWS Config, Prowler, guidance. */
export function Anchors(props: { anchors: CheckAnchors }) {
  const { anchors } = props;
  const classes = useStyles();
  const rows: Array<[string, ReactNode]> = [];
  if (anchors.securityHub?.length) {
    rows.push([
      'AWS Security Hub',
      joined(
        anchors.securityHub.map(c => {
          const url = securityHubUrl(c);
          return url ? <Link to={url}>{c}</Link> : c;
        }),
      ),
    ]);
  }
  if (anchors.cis?.length) {
    rows.push(['CIS AWS Foundations', joined(anchors.cis)]);
  }
  if (anchors.awsConfig?.length) {
    rows.push([
      'AWS Config rule',
      joined(
        anchors.awsConfig.map(r => {
          const url = awsConfigUrl(r);
          return url ? <Link to={url}>{r}</Link> : r;
        }),
      ),
    ]);
  }
  if (anchors.prowler?.length) {
    rows.push([
      'Prowler',
      joined(anchors.prowler.map(p => <code key={p}>{p}</code>)),
    ]);
  }
  if (anchors.guidance?.length) {
    rows.push(['Guidance', joined(anchors.guidance)]);
  }
  if (rows.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No external standard maps to this check.
      </Typography>
    );
  }
  return (
    <Typography component="dl" variant="body2" className={classes.list}>
      {rows.map(([term, def]) => (
        <Fragment key={term}>
          <dt className={classes.term}>{term}</dt>
          <dd className={classes.def}>{def}</dd>
        </Fragment>
      ))}
    </Typography>
  );
}
