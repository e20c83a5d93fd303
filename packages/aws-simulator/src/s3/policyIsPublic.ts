/**
 * Condition keys that pin a statement to fixed values; with one of them AWS does not call a
 * wildcard-principal statement public (S3 docs, "The meaning of public").
 */
const FIXING_CONDITION_KEYS = new Set(
  [
    'aws:SourceArn',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceAccount',
    'aws:SourceOwner',
    'aws:SourceIp',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:PrincipalOrgID',
    'aws:userid',
    's3:DataAccessPointArn',
    's3:DataAccessPointAccount',
  ].map(k => k.toLowerCase()),
);

interface Statement {
  Effect?: string;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

function isWildcardPrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal && typeof principal === 'object') {
    const aws = (principal as Record<string, unknown>).AWS;
    return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
  }
  return false;
}

function isFixedByCondition(condition: Statement['Condition']): boolean {
  return Object.values(condition ?? {}).some(keys =>
    Object.keys(keys ?? {}).some(key =>
      FIXING_CONDITION_KEYS.has(key.toLowerCase()),
    ),
  );
}

/**
 * What GetBucketPolicyStatus answers: an approximation of AWS's rule, good enough for the
 * scenario (which can override it): an Allow to `*` not pinned by a fixing condition is public.
 */
export function policyIsPublic(policyJson: string): boolean {
  const policy = JSON.parse(policyJson) as {
    Statement?: Statement | Statement[];
  };
  const statements = Array.isArray(policy.Statement)
    ? policy.Statement
    : [policy.Statement];
  return statements.some(
    s =>
      s !== undefined &&
      s.Effect === 'Allow' &&
      isWildcardPrincipal(s.Principal) &&
      !isFixedByCondition(s.Condition),
  );
}
