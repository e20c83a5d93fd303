import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { BUILT_IN_AWS_MANAGED_POLICIES } from './awsManagedPolicies';
import { readAccount } from './readAccount';
import { readBucket } from './readBucket';
import { Reader, ScenarioError } from './reader';
import { ManagedPolicy, Scenario } from './types';

export interface LoadScenarioOptions {
  /** The moment relative ages (`400d`) count back from. Default: now. */
  now?: Date;
}

function readAwsManagedPolicies(root: Reader, now: Date): ManagedPolicy[] {
  const extra = root.list('awsManagedPolicies').map(p => {
    p.onlyKeys(['name', 'document']);
    const name = p.string('name');
    const document = p.optionalPolicy('document');
    if (!document) throw new ScenarioError(p.at('document'), 'is required');
    return {
      name,
      arn: `arn:aws:iam::aws:policy/${name}`,
      path: '/',
      document,
      createdAt: now,
    };
  });
  const overridden = new Set(extra.map(p => p.arn));
  return [
    ...BUILT_IN_AWS_MANAGED_POLICIES.filter(p => !overridden.has(p.arn)),
    ...extra,
  ];
}

/** Checks what no single entry can: ids unique, references resolvable. */
function checkReferences(scenario: Scenario): void {
  const accountIds = new Set<string>();
  const keyIds = new Set<string>();
  for (const [i, account] of scenario.accounts.entries()) {
    if (accountIds.has(account.id)) {
      throw new ScenarioError(
        `accounts[${i}].id`,
        `account ${account.id} is defined twice`,
      );
    }
    accountIds.add(account.id);
    for (const key of account.accessKeys) {
      if (keyIds.has(key.id)) {
        throw new ScenarioError(
          `accounts[${i}].accessKeys`,
          `access key ${key.id} is used twice`,
        );
      }
      keyIds.add(key.id);
    }
    const known = new Set([
      ...account.iam.managedPolicies.map(p => p.arn),
      ...scenario.awsManagedPolicies.map(p => p.arn),
    ]);
    const principals = [
      ...account.iam.users,
      ...account.iam.groups,
      ...account.iam.roles,
    ];
    for (const principal of principals) {
      for (const arn of principal.managedPolicyArns) {
        if (!known.has(arn)) {
          throw new ScenarioError(
            `accounts[${i}].iam`,
            `${principal.name} attaches ${arn}, which is not defined (add it to awsManagedPolicies or managedPolicies)`,
          );
        }
      }
    }
  }
  const bucketNames = new Set<string>();
  for (const [i, bucket] of scenario.buckets.entries()) {
    if (bucketNames.has(bucket.name)) {
      throw new ScenarioError(
        `buckets[${i}].name`,
        `bucket ${bucket.name} is defined twice`,
      );
    }
    bucketNames.add(bucket.name);
    if (!accountIds.has(bucket.accountId)) {
      throw new ScenarioError(
        `buckets[${i}].account`,
        `account ${bucket.accountId} is not defined`,
      );
    }
  }
}

/**
 * Reads and validates a scenario: a path to a YAML file, or the already parsed object.
 * Throws a {@link ScenarioError} naming the field for anything malformed.
 */
export function loadScenario(
  source: string | object,
  options: LoadScenarioOptions = {},
): Scenario {
  const now = options.now ?? new Date();
  const raw =
    typeof source === 'string'
      ? parse(readFileSync(source, 'utf8'), { maxAliasCount: 100 })
      : source;
  const root = Reader.root(raw).onlyKeys([
    'accounts',
    'buckets',
    'awsManagedPolicies',
  ]);
  const scenario: Scenario = {
    awsManagedPolicies: readAwsManagedPolicies(root, now),
    accounts: root.list('accounts').map(a => readAccount(a, now)),
    buckets: root.list('buckets').map(b => readBucket(b, now)),
  };
  checkReferences(scenario);
  return scenario;
}
