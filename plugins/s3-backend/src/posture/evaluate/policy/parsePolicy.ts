/**
 * Turns a policy document (JSON text, as IAM and S3 return it) into the normalised
 * {@link Policy}: every "string or list" becomes a list, operators get their canonical
 * spelling. Anything the evaluator could not judge faithfully (unknown operators,
 * malformed values, both Action and NotAction, ...) is an error, not a guess.
 */
import { parseOperator, validateConditionValue } from './conditions';
import {
  Policy,
  PolicyCondition,
  PolicyStatement,
  PrincipalSpec,
} from './types';

export type ParsePolicyResult =
  { ok: true; policy: Policy } | { ok: false; error: string };

class PolicyError extends Error {}

const PRINCIPAL_TYPES = [
  'AWS',
  'Service',
  'Federated',
  'CanonicalUser',
] as const;
const STATEMENT_FIELDS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Scalars as IAM reads them: numbers and booleans are written unquoted at times. */
function scalarToString(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  throw new PolicyError(`${where} must be a string or a list of strings`);
}

function stringList(value: unknown, where: string): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.map(item => scalarToString(item, where));
}

/**
 * A 12-digit account id, the ARN of an IAM or STS principal (CloudFront origin access
 * identities included), or the unique id AWS shows once a named principal is deleted
 * (`AIDA…`, `AROA…`); never with a wildcard.
 */
const AWS_PRINCIPAL =
  /^(\d{12}|A[A-Z0-9]{15,127}|arn:[a-z-]+:(iam|sts)::(\d{12}|cloudfront):[^*?]+)$/;

/**
 * Principal values AWS refuses to store (IAM reference, "AWS JSON policy elements:
 * Principal"): wildcards are allowed only as the whole value `"*"` of an `AWS`
 * principal, never inside an ARN (`arn:aws:iam::*:root`), never for a canonical user.
 */
function principalProblem(type: string, value: string): string | undefined {
  if (type === 'AWS') {
    if (value === '*' || AWS_PRINCIPAL.test(value)) return undefined;
    return `"${value}" is not an account id or IAM principal ARN (AWS accepts a wildcard only as the whole value "*")`;
  }
  if (type === 'CanonicalUser') {
    return /^[0-9a-f]{64}$/.test(value)
      ? undefined
      : `"${value}" is not a canonical user id (64 hexadecimal digits)`;
  }
  return undefined;
}

function parsePrincipal(value: unknown, where: string): PrincipalSpec {
  if (value === '*') return '*';
  if (!isRecord(value)) {
    throw new PolicyError(
      `${where} must be "*" or an object such as {"AWS": [...]}`,
    );
  }
  const spec: Exclude<PrincipalSpec, '*'> = {};
  for (const [type, values] of Object.entries(value)) {
    const known = PRINCIPAL_TYPES.find(name => name === type);
    if (!known) {
      throw new PolicyError(
        `${where} has an unknown principal type "${type}" (expected ${PRINCIPAL_TYPES.join(', ')})`,
      );
    }
    const list = stringList(values, `${where}.${type}`);
    for (const item of list) {
      const problem = principalProblem(type, item);
      if (problem) throw new PolicyError(`${where}.${type}: ${problem}`);
    }
    spec[known] = list;
  }
  return spec;
}

function parseConditions(value: unknown, where: string): PolicyCondition[] {
  if (!isRecord(value)) {
    throw new PolicyError(`${where} must be an object of operators`);
  }
  const conditions: PolicyCondition[] = [];
  const operatorsSeen = new Set<string>();
  for (const [operatorText, keys] of Object.entries(value)) {
    const operator = parseOperator(operatorText);
    if (!operator) {
      throw new PolicyError(
        `${where} uses the condition operator "${operatorText}", which this evaluator does not know`,
      );
    }
    if (operatorsSeen.has(operator.name)) {
      throw new PolicyError(
        `${where} names the operator ${operator.name} twice`,
      );
    }
    operatorsSeen.add(operator.name);
    if (!isRecord(keys)) {
      throw new PolicyError(
        `${where}.${operatorText} must be an object of condition keys`,
      );
    }
    for (const [key, values] of Object.entries(keys)) {
      const list = stringList(values, `${where}.${operatorText}.${key}`);
      for (const item of list) {
        const problem = validateConditionValue(operator, item);
        if (problem) {
          throw new PolicyError(`${where}.${operatorText}.${key}: ${problem}`);
        }
      }
      conditions.push({ operator, key, values: list });
    }
  }
  return conditions;
}

/** What kind of policy is parsed: a resource policy (bucket policy) names its principals. */
export interface ParseOptions {
  /** Every statement must have Principal or NotPrincipal (resource policies). */
  requirePrincipal?: boolean;
}

function parseStatement(
  raw: unknown,
  index: number,
  options: ParseOptions,
): PolicyStatement {
  const where = `Statement #${index}`;
  if (!isRecord(raw)) throw new PolicyError(`${where} is not an object`);
  const named =
    typeof raw.Sid === 'string' && raw.Sid !== ''
      ? `Statement "${raw.Sid}"`
      : where;
  for (const field of Object.keys(raw)) {
    if (!STATEMENT_FIELDS.has(field)) {
      throw new PolicyError(`${named} has an unknown field "${field}"`);
    }
  }
  if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny') {
    throw new PolicyError(
      `${named} has Effect ${JSON.stringify(raw.Effect)}; expected "Allow" or "Deny"`,
    );
  }
  const pairs: Array<[string, string, boolean]> = [
    ['Principal', 'NotPrincipal', options.requirePrincipal === true],
    ['Action', 'NotAction', true],
    ['Resource', 'NotResource', true],
  ];
  for (const [field, negated, required] of pairs) {
    const has = raw[field] !== undefined;
    const hasNegated = raw[negated] !== undefined;
    if (has && hasNegated) {
      throw new PolicyError(`${named} has both ${field} and ${negated}`);
    }
    if (required && !has && !hasNegated) {
      throw new PolicyError(`${named} has neither ${field} nor ${negated}`);
    }
  }
  const statement: PolicyStatement = { effect: raw.Effect };
  if (raw.Sid !== undefined)
    statement.sid = scalarToString(raw.Sid, `${where}.Sid`);
  if (raw.Principal !== undefined) {
    statement.principal = parsePrincipal(raw.Principal, `${named}.Principal`);
  }
  if (raw.NotPrincipal !== undefined) {
    statement.notPrincipal = parsePrincipal(
      raw.NotPrincipal,
      `${named}.NotPrincipal`,
    );
  }
  if (raw.Action !== undefined)
    statement.action = stringList(raw.Action, `${named}.Action`);
  if (raw.NotAction !== undefined) {
    statement.notAction = stringList(raw.NotAction, `${named}.NotAction`);
  }
  if (raw.Resource !== undefined) {
    statement.resource = stringList(raw.Resource, `${named}.Resource`);
  }
  if (raw.NotResource !== undefined) {
    statement.notResource = stringList(raw.NotResource, `${named}.NotResource`);
  }
  if (raw.Condition !== undefined) {
    statement.conditions = parseConditions(raw.Condition, `${named}.Condition`);
  }
  return statement;
}

/** The policy language versions IAM accepts (IAM reference, "Version"). */
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);

/** Parses a policy document; never throws. */
export function parsePolicy(
  json: string,
  options: ParseOptions = {},
): ParsePolicyResult {
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch (error) {
    // Say where, not what: the parser's message may quote the document itself.
    const position = /position (\d+)/.exec(
      String((error as Error).message),
    )?.[1];
    return {
      ok: false,
      error: `The policy is not valid JSON${position ? ` (at character ${position})` : ''}`,
    };
  }
  if (!isRecord(document)) {
    return { ok: false, error: 'The policy is not a JSON object' };
  }
  if (document.Statement === undefined) {
    return { ok: false, error: 'The policy has no Statement' };
  }
  const rawStatements = Array.isArray(document.Statement)
    ? document.Statement
    : [document.Statement];
  try {
    const version = document.Version;
    if (
      version !== undefined &&
      (typeof version !== 'string' || !VERSIONS.has(version))
    ) {
      return {
        ok: false,
        error: `The policy has Version ${JSON.stringify(version)}; AWS accepts only "2012-10-17" and "2008-10-17"`,
      };
    }
    return {
      ok: true,
      policy: {
        ...(version ? { version } : {}),
        statements: rawStatements.map((raw, index) =>
          parseStatement(raw, index, options),
        ),
      },
    };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/** How a statement is named in results and evidence: its Sid, or `#<index>`. */
export function statementLabel(
  statement: PolicyStatement,
  index: number,
): string {
  return statement.sid ? statement.sid : `#${index}`;
}
