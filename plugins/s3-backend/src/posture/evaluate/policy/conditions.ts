/**
 * Condition operators and how a Condition block is judged against a request, following
 * the IAM reference: values for one key are OR'ed, keys and operators are AND'ed, keys are
 * case-insensitive, and a key missing from the request makes a positive operator false,
 * a negated one true, and any `...IfExists` form true.
 */
import { compileGlob, globMatches, matchesArn } from './matching';
import { cidrContains, parseCidr } from './ipAddress';
import { ParsedOperator, PolicyCondition, SetQualifier } from './types';
import { substituteVariables } from './variables';

export type { ParsedOperator, SetQualifier };

type Comparator = (requestValue: string, policyValue: string) => boolean;

interface OperatorDefinition {
  /** Compares one request value with one policy value. */
  compare: Comparator;
  /** Negated operators are true when no policy value matches. */
  negated: boolean;
  /** Checks a policy value when the policy is parsed; returns a problem, if any. */
  validate?: (policyValue: string) => string | undefined;
}

function parseNumber(text: string): number | undefined {
  if (!/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(text)) {
    return undefined;
  }
  return Number(text);
}

/** ISO-8601 or epoch seconds, as IAM accepts them. */
function parseDate(text: string): number | undefined {
  if (/^\d+$/.test(text.trim())) return Number(text) * 1000;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : time;
}

function numeric(
  test: (request: number, policy: number) => boolean,
): Comparator {
  return (requestValue, policyValue) => {
    const request = parseNumber(requestValue);
    const policy = parseNumber(policyValue);
    return (
      request !== undefined && policy !== undefined && test(request, policy)
    );
  };
}

function date(test: (request: number, policy: number) => boolean): Comparator {
  return (requestValue, policyValue) => {
    const request = parseDate(requestValue);
    const policy = parseDate(policyValue);
    return (
      request !== undefined && policy !== undefined && test(request, policy)
    );
  };
}

const stringEquals: Comparator = (request, policy) => request === policy;
const stringEqualsIgnoreCase: Comparator = (request, policy) =>
  request.toLowerCase() === policy.toLowerCase();
// `${*}` in a policy value (after variables were substituted) is a literal `*`.
const stringLike: Comparator = (request, policy) =>
  policy === '*' ||
  globMatches(compileGlob(policy, { variables: 'never' }), request);
const arnLike: Comparator = (request, policy) =>
  matchesArn(policy, request, 'never');
const ipAddress: Comparator = (request, policy) => {
  const cidr = parseCidr(policy);
  return cidr !== undefined && cidrContains(cidr, request);
};
const boolEquals: Comparator = (request, policy) =>
  request.toLowerCase() === policy.toLowerCase();

const validateNumber = (value: string) =>
  parseNumber(value) === undefined ? `"${value}" is not a number` : undefined;
const validateDate = (value: string) =>
  parseDate(value) === undefined ? `"${value}" is not a date` : undefined;
const validateCidr = (value: string) =>
  parseCidr(value) === undefined
    ? `"${value}" is not an IP address or CIDR block`
    : undefined;
const validateBool = (value: string) =>
  /^(true|false)$/i.test(value) ? undefined : `"${value}" is not true or false`;

const isEqual = (a: number, b: number) => a === b;
const isLess = (a: number, b: number) => a < b;
const isLessOrEqual = (a: number, b: number) => a <= b;
const isGreater = (a: number, b: number) => a > b;
const isGreaterOrEqual = (a: number, b: number) => a >= b;

/** Every base operator, by its canonical name. `Null` is handled on its own. */
const OPERATORS: Record<string, OperatorDefinition> = {
  StringEquals: { compare: stringEquals, negated: false },
  StringNotEquals: { compare: stringEquals, negated: true },
  StringEqualsIgnoreCase: { compare: stringEqualsIgnoreCase, negated: false },
  StringNotEqualsIgnoreCase: { compare: stringEqualsIgnoreCase, negated: true },
  StringLike: { compare: stringLike, negated: false },
  StringNotLike: { compare: stringLike, negated: true },
  NumericEquals: {
    compare: numeric(isEqual),
    negated: false,
    validate: validateNumber,
  },
  NumericNotEquals: {
    compare: numeric(isEqual),
    negated: true,
    validate: validateNumber,
  },
  NumericLessThan: {
    compare: numeric(isLess),
    negated: false,
    validate: validateNumber,
  },
  NumericLessThanEquals: {
    compare: numeric(isLessOrEqual),
    negated: false,
    validate: validateNumber,
  },
  NumericGreaterThan: {
    compare: numeric(isGreater),
    negated: false,
    validate: validateNumber,
  },
  NumericGreaterThanEquals: {
    compare: numeric(isGreaterOrEqual),
    negated: false,
    validate: validateNumber,
  },
  DateEquals: {
    compare: date(isEqual),
    negated: false,
    validate: validateDate,
  },
  DateNotEquals: {
    compare: date(isEqual),
    negated: true,
    validate: validateDate,
  },
  DateLessThan: {
    compare: date(isLess),
    negated: false,
    validate: validateDate,
  },
  DateLessThanEquals: {
    compare: date(isLessOrEqual),
    negated: false,
    validate: validateDate,
  },
  DateGreaterThan: {
    compare: date(isGreater),
    negated: false,
    validate: validateDate,
  },
  DateGreaterThanEquals: {
    compare: date(isGreaterOrEqual),
    negated: false,
    validate: validateDate,
  },
  Bool: { compare: boolEquals, negated: false, validate: validateBool },
  BinaryEquals: { compare: stringEquals, negated: false },
  IpAddress: { compare: ipAddress, negated: false, validate: validateCidr },
  NotIpAddress: { compare: ipAddress, negated: true, validate: validateCidr },
  // IAM documents ArnEquals and ArnLike as the same test: both accept wildcards.
  ArnEquals: { compare: arnLike, negated: false },
  ArnLike: { compare: arnLike, negated: false },
  ArnNotEquals: { compare: arnLike, negated: true },
  ArnNotLike: { compare: arnLike, negated: true },
};

const CANONICAL_NAMES = new Map(
  [...Object.keys(OPERATORS), 'Null'].map(name => [name.toLowerCase(), name]),
);

/**
 * Recognises an operator, whatever its letter case; undefined when IAM has no such
 * operator (then the policy cannot be judged and the caller should say so).
 */
const parsedOperators = new Map<string, ParsedOperator | undefined>();

export function parseOperator(text: string): ParsedOperator | undefined {
  // Policies repeat a handful of operators: parse each spelling once.
  if (parsedOperators.has(text)) return parsedOperators.get(text);
  const parsed = parseOperatorText(text);
  if (parsedOperators.size < 1000) parsedOperators.set(text, parsed);
  return parsed;
}

function parseOperatorText(text: string): ParsedOperator | undefined {
  let rest = text.trim();
  let setQualifier: SetQualifier | undefined;
  const colon = rest.indexOf(':');
  if (colon !== -1) {
    const qualifier = rest.slice(0, colon).toLowerCase();
    if (qualifier === 'foranyvalue') setQualifier = 'ForAnyValue';
    else if (qualifier === 'forallvalues') setQualifier = 'ForAllValues';
    else return undefined;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'ifexists'.length);
  }
  const base = CANONICAL_NAMES.get(rest.toLowerCase());
  if (!base) return undefined;
  // Null tests presence itself: it has no IfExists form and no set form.
  if (base === 'Null' && (ifExists || setQualifier)) return undefined;
  const name = `${setQualifier ? `${setQualifier}:` : ''}${base}${ifExists ? 'IfExists' : ''}`;
  return { name, base, setQualifier, ifExists };
}

/** A problem with a policy value of this operator (e.g. a malformed CIDR), if any. */
export function validateConditionValue(
  operator: ParsedOperator,
  value: string,
): string | undefined {
  if (operator.base === 'Null') return validateBool(value);
  return OPERATORS[operator.base].validate?.(value);
}

/** The request's values of a key, looked up case-insensitively; undefined when absent. */
const lowerCasedContexts = new WeakMap<object, Map<string, string[]>>();

export function lookupKey(
  context: Record<string, string | string[]>,
  key: string,
): string[] | undefined {
  // A simulation asks many questions of one context: index its keys once.
  let byKey = lowerCasedContexts.get(context);
  if (!byKey) {
    byKey = new Map();
    for (const [name, value] of Object.entries(context)) {
      const values = Array.isArray(value) ? value : [value];
      // An empty set is as good as no value at all.
      if (values.length > 0) byKey.set(name.toLowerCase(), values);
    }
    lowerCasedContexts.set(context, byKey);
  }
  return byKey.get(key.toLowerCase());
}

/** One operator on one key, against the request's values (undefined when absent). */
export function evaluateOperator(
  operator: ParsedOperator,
  policyValues: string[],
  requestValues: string[] | undefined,
): boolean {
  if (operator.base === 'Null') {
    const isAbsent = requestValues === undefined;
    return policyValues.some(
      value => (value.toLowerCase() === 'true') === isAbsent,
    );
  }
  const definition = OPERATORS[operator.base];
  if (requestValues === undefined) {
    if (operator.ifExists) return true;
    if (operator.setQualifier === 'ForAllValues') return true;
    if (operator.setQualifier === 'ForAnyValue') return false;
    return definition.negated;
  }
  const matchesAnyPolicyValue = (requestValue: string) =>
    policyValues.some(policyValue =>
      definition.compare(requestValue, policyValue),
    );
  // For a negated operator, a single request value satisfies it when it matches none.
  const satisfies = (requestValue: string) =>
    definition.negated
      ? !matchesAnyPolicyValue(requestValue)
      : matchesAnyPolicyValue(requestValue);
  if (operator.setQualifier === 'ForAllValues')
    return requestValues.every(satisfies);
  if (operator.setQualifier === 'ForAnyValue')
    return requestValues.some(satisfies);
  // A plain operator on a multivalued key: true when any value matches, negation of that.
  const anyMatches = requestValues.some(matchesAnyPolicyValue);
  return definition.negated ? !anyMatches : anyMatches;
}

export interface ConditionOutcome {
  met: boolean;
  /** Keys that were missing and resolved by {@link ConditionAssumption}. */
  assumedKeys: string[];
}

/** How to resolve a condition on a key the request lacks but the caller controls. */
export interface ConditionAssumption {
  callerControlsKey: (key: string) => boolean;
  /** The value such a condition takes (true in Allow, false in Deny statements). */
  assume: boolean;
}

/** Operators whose policy values are wildcard patterns. */
const PATTERN_OPERATORS = new Set([
  'StringLike',
  'StringNotLike',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
]);

/**
 * The policy values with their policy variables substituted from the request; a value
 * whose variable has no value in the request matches nothing and is left out.
 */
function substitutedValues(
  condition: PolicyCondition,
  context: Record<string, string | string[]>,
): string[] {
  const pattern = PATTERN_OPERATORS.has(condition.operator.base);
  return condition.values.flatMap(value => {
    const substituted = substituteVariables(value, context, pattern);
    return substituted === undefined ? [] : [substituted];
  });
}

/**
 * Judges a statement's whole Condition block: every operator and key must hold.
 * `variables` says whether `${...}` in the values are policy variables (Version
 * 2012-10-17) or plain text.
 */
export function evaluateConditionBlock(
  conditions: PolicyCondition[] | undefined,
  context: Record<string, string | string[]>,
  assumption?: ConditionAssumption,
  variables = false,
): ConditionOutcome {
  const assumedKeys: string[] = [];
  for (const condition of conditions ?? []) {
    const requestValues = lookupKey(context, condition.key);
    let met: boolean;
    if (
      requestValues === undefined &&
      assumption?.callerControlsKey(condition.key)
    ) {
      met = assumption.assume;
      assumedKeys.push(condition.key);
    } else {
      const policyValues = variables
        ? substitutedValues(condition, context)
        : condition.values.map(value =>
            PATTERN_OPERATORS.has(condition.operator.base)
              ? value.replace(/\$/g, () => '${$}')
              : value,
          );
      met = evaluateOperator(condition.operator, policyValues, requestValues);
    }
    if (!met) return { met: false, assumedKeys: [] };
  }
  return { met: true, assumedKeys };
}
