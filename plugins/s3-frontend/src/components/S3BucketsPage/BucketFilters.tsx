import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import SearchIcon from '@material-ui/icons/Search';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { useEffect, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { BrowseParams } from './useBrowseParams';
import { BucketFacets, FacetOption } from './useFacets';

/** AWS commercial regions, for the region filter's suggestions. */
export const AWS_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-south-1',
  'eu-south-2',
  'eu-north-1',
  'il-central-1',
  'me-south-1',
  'me-central-1',
  'sa-east-1',
];

const ACCOUNT_RE = /^\d{12}$/;
const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d$/;
const REF_RE = /^[a-z0-9-]+:[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/i;

/** `team-a` → `group:default/team-a`; leaves what it cannot parse alone. */
function normalizeRef(defaultKind: string) {
  return (value: string) => {
    try {
      return stringifyEntityRef(
        parseEntityRef(value, { defaultKind, defaultNamespace: 'default' }),
      );
    } catch {
      return value;
    }
  };
}

const useStyles = makeStyles(theme => ({
  root: {
    display: 'grid',
    gridTemplateColumns: 'minmax(16rem, 2fr) repeat(4, minmax(9rem, 1fr))',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
    [theme.breakpoints.down('md')]: {
      gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
    },
    [theme.breakpoints.down('xs')]: {
      gridTemplateColumns: 'minmax(0, 1fr)',
    },
  },
  search: {
    [theme.breakpoints.down('md')]: { gridColumn: '1 / -1' },
  },
}));

function FilterField(props: {
  label: string;
  value?: string;
  options: FacetOption[];
  placeholder: string;
  /** Turns what was typed into the value the server expects. */
  normalize?: (value: string) => string;
  /** Returns an error message for a typed value that the server would refuse. */
  validate?: (value: string) => string | undefined;
  onChange: (value: string | undefined) => void;
}) {
  const { label, value, options, placeholder, normalize, validate, onChange } =
    props;
  const [error, setError] = useState<string | undefined>();
  const labels = new Map(options.map(o => [o.value, o.label]));
  const counts = new Map(options.map(o => [o.value, o.count]));
  const commit = (raw: string | null) => {
    const typed = raw?.trim() || undefined;
    const v = typed && normalize ? normalize(typed) : typed;
    const problem = v && validate ? validate(v) : undefined;
    setError(problem);
    if (!problem) onChange(v);
  };
  return (
    <Autocomplete<string, false, false, true>
      freeSolo
      autoSelect
      options={options.map(o => o.value)}
      value={value ?? null}
      getOptionLabel={o => labels.get(o) ?? o}
      renderOption={o => (
        <span>
          {labels.get(o) ?? o}
          {counts.get(o) !== undefined && (
            <span style={{ opacity: 0.6 }}> ({counts.get(o)})</span>
          )}
        </span>
      )}
      onChange={(_e, v) => commit(v)}
      renderInput={params => (
        <TextField
          {...params}
          label={label}
          placeholder={placeholder}
          variant="outlined"
          size="small"
          error={Boolean(error)}
          helperText={error}
        />
      )}
    />
  );
}

/** Search box and the owner, service, account and region filters. */
export function BucketFilters(props: {
  params: BrowseParams;
  facets: BucketFacets;
  onChange: (
    patch: Partial<BrowseParams>,
    opts?: { replace?: boolean },
  ) => void;
}) {
  const { params, facets, onChange } = props;
  const classes = useStyles();
  const [q, setQ] = useState(params.q);

  // Follow the URL when it changes elsewhere (back button, "clear filters").
  useEffect(() => setQ(params.q), [params.q]);
  useDebounce(
    () => {
      if (q.trim() !== params.q.trim()) onChange({ q }, { replace: true });
    },
    300,
    [q],
  );

  return (
    <div className={classes.root} role="search" aria-label="Filter buckets">
      <TextField
        className={classes.search}
        placeholder="Search by bucket name, title or entity ref"
        variant="outlined"
        size="small"
        value={q}
        onChange={e => setQ(e.target.value)}
        inputProps={{ 'aria-label': 'Search buckets' }}
        InputProps={{
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon fontSize="small" />
            </InputAdornment>
          ),
        }}
      />
      <FilterField
        label="Owner"
        placeholder="group:default/team-a"
        value={params.owner}
        options={facets.owners}
        normalize={normalizeRef('group')}
        validate={v =>
          REF_RE.test(v) ? undefined : 'An entity ref like group:default/team-a'
        }
        onChange={owner => onChange({ owner })}
      />
      <FilterField
        label="Service"
        placeholder="component:default/my-service"
        value={params.service}
        options={facets.services}
        normalize={normalizeRef('component')}
        validate={v =>
          REF_RE.test(v)
            ? undefined
            : 'An entity ref like component:default/my-service'
        }
        onChange={service => onChange({ service })}
      />
      <FilterField
        label="Account"
        placeholder="123456789012"
        value={params.account}
        options={facets.accounts}
        validate={v =>
          ACCOUNT_RE.test(v) ? undefined : 'A 12-digit AWS account id'
        }
        onChange={account => onChange({ account })}
      />
      <FilterField
        label="Region"
        placeholder="eu-west-1"
        value={params.region}
        options={AWS_REGIONS.map(r => ({ value: r, label: r }))}
        validate={v =>
          REGION_RE.test(v) ? undefined : 'An AWS region like eu-west-1'
        }
        onChange={region => onChange({ region })}
      />
    </div>
  );
}
