import { MarkdownContent } from '@backstage/core-components';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import {
  CHECK_CATEGORIES,
  CHECK_CATEGORY_TITLES,
  CheckResult,
  CheckStatus,
  SEVERITIES,
  Severity,
} from '@s3-posture/plugin-s3-common';
import { useMemo, useState } from 'react';
import {
  CheckStatusLabel,
  SEVERITY_LABELS,
  SeverityChip,
} from '../common/StatusLabels';
import { Anchors } from './Anchors';
import { Evidence } from './Evidence';

const STATUS_RANK: Record<CheckStatus, number> = {
  fail: 0,
  error: 1,
  pass: 2,
  'not-applicable': 3,
};

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1, 3),
    marginBottom: theme.spacing(2),
  },
  severityGroup: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  toggle: {
    textTransform: 'none',
    padding: theme.spacing(0.25, 1.25),
    color: theme.palette.text.primary,
  },
  spacer: { flex: 1 },
  category: {
    marginTop: theme.spacing(3),
    '&:first-of-type': { marginTop: 0 },
  },
  categoryHeader: {
    display: 'flex',
    alignItems: 'baseline',
    justifyContent: 'space-between',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(1),
  },
  summary: {
    display: 'grid',
    gridTemplateColumns: '9rem minmax(0, 1fr) auto',
    alignItems: 'center',
    gap: theme.spacing(2),
    width: '100%',
    [theme.breakpoints.down('xs')]: {
      gridTemplateColumns: 'minmax(0, 1fr) auto',
    },
  },
  statusCell: {
    [theme.breakpoints.down('xs')]: {
      gridColumn: '1 / -1',
    },
  },
  reason: {
    color: theme.palette.text.secondary,
  },
  details: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr)',
    gap: theme.spacing(2),
    width: '100%',
    minWidth: 0,
  },
  sectionTitle: {
    fontWeight: theme.typography.fontWeightBold as number,
    marginBottom: theme.spacing(0.5),
  },
  remediation: {
    '& pre': {
      maxWidth: '100%',
      overflowX: 'auto',
      whiteSpace: 'pre-wrap',
      wordBreak: 'break-word',
    },
    '& pre code': { whiteSpace: 'inherit' },
    '& p:first-child': { marginTop: 0 },
  },
}));

function CheckRow(props: {
  check: CheckResult;
  expanded: boolean;
  onToggle: (id: string) => void;
}) {
  const { check, expanded, onToggle } = props;
  const classes = useStyles();
  const id = `s3-check-${check.id}`;
  return (
    <Accordion
      expanded={expanded}
      onChange={() => onToggle(check.id)}
      TransitionProps={{ unmountOnExit: true }}
      data-testid={id}
    >
      <AccordionSummary
        expandIcon={<ExpandMoreIcon />}
        aria-controls={`${id}-details`}
        id={`${id}-summary`}
      >
        <div className={classes.summary}>
          <div className={classes.statusCell}>
            <CheckStatusLabel status={check.status} />
          </div>
          <div>
            <Typography variant="body1" component="h4">
              {check.title}
            </Typography>
            <Typography variant="body2" className={classes.reason}>
              {check.reason}
            </Typography>
          </div>
          <SeverityChip severity={check.severity} />
        </div>
      </AccordionSummary>
      <AccordionDetails id={`${id}-details`}>
        <div className={classes.details}>
          <section>
            <Typography variant="body2" className={classes.sectionTitle}>
              Evidence
            </Typography>
            <Evidence evidence={check.evidence} />
          </section>
          {check.status !== 'pass' && check.status !== 'not-applicable' && (
            <section>
              <Typography variant="body2" className={classes.sectionTitle}>
                Remediation
              </Typography>
              <MarkdownContent
                className={classes.remediation}
                content={check.remediation}
                linkTarget="_blank"
              />
            </section>
          )}
          <section>
            <Typography variant="body2" className={classes.sectionTitle}>
              Standards
            </Typography>
            <Anchors anchors={check.anchors} />
          </section>
          <Typography variant="caption" color="textSecondary">
            Check id: <code>{check.id}</code>
          </Typography>
        </div>
      </AccordionDetails>
    </Accordion>
  );
}

/**
 * All checks of a bucket, grouped by category in the catalog's order, with filters
 * for failing checks and severities. Rows expand to evidence, remediation and anchors.
 */
export function ChecksPanel(props: { checks: CheckResult[] }) {
  const { checks } = props;
  const classes = useStyles();
  const [failingOnly, setFailingOnly] = useState(false);
  const [severities, setSeverities] = useState<Severity[]>([]);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());

  const visible = useMemo(
    () =>
      checks
        .filter(c => !failingOnly || c.status === 'fail')
        .filter(c => severities.length === 0 || severities.includes(c.severity))
        .sort(
          (a, b) =>
            STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
            SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
            a.title.localeCompare(b.title),
        ),
    [checks, failingOnly, severities],
  );

  const toggle = (id: string) =>
    setExpanded(prev => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allExpanded =
    visible.length > 0 && visible.every(c => expanded.has(c.id));

  const present = SEVERITIES.filter(s => checks.some(c => c.severity === s));

  return (
    <>
      <div className={classes.toolbar}>
        <FormControlLabel
          control={
            <Switch
              checked={failingOnly}
              onChange={e => setFailingOnly(e.target.checked)}
              color="primary"
            />
          }
          label="Failing only"
        />
        <div className={classes.severityGroup}>
          <Typography variant="body2" id="s3-severity-filter-label">
            Severity
          </Typography>
          <ToggleButtonGroup
            size="small"
            value={severities}
            onChange={(_e, value: Severity[]) => setSeverities(value)}
            aria-labelledby="s3-severity-filter-label"
          >
            {present.map(s => (
              <ToggleButton
                key={s}
                value={s}
                className={classes.toggle}
                aria-label={`Show ${SEVERITY_LABELS[s].toLocaleLowerCase()} severity`}
              >
                {SEVERITY_LABELS[s]}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
        </div>
        <div className={classes.spacer} />
        <Typography variant="body2" color="textSecondary" role="status">
          Showing {visible.length} of {checks.length} checks
        </Typography>
        <Button
          size="small"
          onClick={() =>
            setExpanded(
              allExpanded ? new Set() : new Set(visible.map(c => c.id)),
            )
          }
          disabled={visible.length === 0}
        >
          {allExpanded ? 'Collapse all' : 'Expand all'}
        </Button>
      </div>
      {visible.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          {failingOnly && checks.every(c => c.status !== 'fail')
            ? 'No check fails. Nothing to fix here.'
            : 'No check matches these filters.'}
        </Typography>
      )}
      {CHECK_CATEGORIES.map(category => {
        const inCategory = visible.filter(c => c.category === category);
        if (inCategory.length === 0) return null;
        const all = checks.filter(c => c.category === category);
        const failing = all.filter(c => c.status === 'fail').length;
        const headingId = `s3-category-${category}`;
        return (
          <section
            key={category}
            className={classes.category}
            aria-labelledby={headingId}
          >
            <div className={classes.categoryHeader}>
              <Typography variant="h6" component="h3" id={headingId}>
                {CHECK_CATEGORY_TITLES[category]}
              </Typography>
              <Typography variant="body2" color="textSecondary">
                {failing > 0
                  ? `${failing} failing of ${all.length}`
                  : `${all.length} ${all.length === 1 ? 'check' : 'checks'}, none failing`}
              </Typography>
            </div>
            {inCategory.map(check => (
              <CheckRow
                key={check.id}
                check={check}
                expanded={expanded.has(check.id)}
                onToggle={toggle}
              />
            ))}
          </section>
        );
      })}
    </>
  );
}
