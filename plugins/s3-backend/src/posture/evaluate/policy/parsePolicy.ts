/**
 * Turns a policy document (JSON text, as IAM and S3 return it) into the normalised
 * {@link Policy}: every "string or list" becomes a list, operators get their canonical
 * spelling. Anything the evaluator could not judge faithfully (unknown operators,
 * malformed values, both Action and NotAction, ...) is an error, not a guess.
 */
import { parseOperator, validateConditionValue } from './conditions';
import { Policy, PolicyStatement, PrincipalSpec } from './types';

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
    spec[known] = stringList(values, `${where}.${type}`);
  }
  return spec;
}

function parseCondition(
  value: unknown,
  where: string,
): Record<string, Record<string, string[]>> {
  if (!isRecord(value)) {
    throw new PolicyError(`${where} must be an object of operators`);
  }
  const condition: Record<string, Record<string, string[]>> = {};
  for (const [operatorText, keys] of Object.entries(value)) {
    const operator = parseOperator(operatorText);
    if (!operator) {
      throw new PolicyError(
        `${where} uses the condition operator "${operatorText}", which this evaluator does not know`,
      );
    }
    if (condition[operator.name]) {
      throw new PolicyError(
        `${where} names the operator ${operator.name} twice`,
      );
    }
    if (!isRecord(keys)) {
      throw new PolicyError(
        `${where}.${operatorText} must be an object of condition keys`,
      );
    }
    const parsedKeys: Record<string, string[]> = {};
    for (const [key, values] of Object.entries(keys)) {
      const list = stringList(values, `${where}.${operatorText}.${key}`);
      for (const item of list) {
        const problem = validateConditionValue(operator, item);
        if (problem) {
          throw new PolicyError(`${where}.${operatorText}.${key}: ${problem}`);
        }
      }
      parsedKeys[key] = list;
    }
    condition[operator.name] = parsedKeys;
  }
  return condition;
}

function parseStatement(raw: unknown, index: number): PolicyStatement {
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
    ['Principal', 'NotPrincipal', false],
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
    statement.condition = parseCondition(raw.Condition, `${named}.Condition`);
  }
  return statement;
}

/** Parses a policy document; never throws. */
export function parsePolicy(json: string): ParsePolicyResult {
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
    return {
      ok: true,
      policy: { statements: rawStatements.map(parseStatement) },
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
