import { parsePolicy } from './parsePolicy';
import {
  evaluateConditionBlock,
  evaluateOperator,
  lookupKey,
  parseOperator,
  validateConditionValue,
} from './conditions';

/** Judges `{ operator: { key: policyValues } }` against a request that has `requestValues` (or lacks the key). */
function judge(
  operator: string,
  policyValues: string[],
  requestValues: string[] | undefined,
): boolean {
  const parsed = parseOperator(operator);
  if (!parsed) throw new Error(`unknown operator ${operator}`);
  return evaluateOperator(parsed, policyValues, requestValues);
}

describe('parseOperator', () => {
  it('takes an operator apart and spells it canonically', () => {
    expect(parseOperator('forallvalues:stringlikeifexists')).toEqual({
      name: 'ForAllValues:StringLikeIfExists',
      base: 'StringLike',
      setQualifier: 'ForAllValues',
      ifExists: true,
    });
    expect(parseOperator('Bool')).toEqual({
      name: 'Bool',
      base: 'Bool',
      setQualifier: undefined,
      ifExists: false,
    });
  });

  it.each([
    'StringSortOf',
    'ForSomeValues:StringEquals',
    'NullIfExists',
    'ForAnyValue:Null',
    'IfExists',
    '',
  ])('rejects %j', text => {
    expect(parseOperator(text)).toBeUndefined();
  });
});

describe('string operators', () => {
  it.each([
    // operator, policy values, request value, expected
    ['StringEquals', ['a', 'b'], ['b'], true],
    ['StringEquals', ['a'], ['A'], false],
    ['StringNotEquals', ['a', 'b'], ['c'], true],
    ['StringNotEquals', ['a', 'b'], ['a'], false],
    ['StringEqualsIgnoreCase', ['Vpce-1'], ['VPCE-1'], true],
    ['StringEqualsIgnoreCase', ['vpce-1'], ['vpce-2'], false],
    ['StringNotEqualsIgnoreCase', ['Vpce-1'], ['VPCE-1'], false],
    ['StringNotEqualsIgnoreCase', ['vpce-1'], ['vpce-2'], true],
    ['StringLike', ['home/*'], ['home/alice/x'], true],
    ['StringLike', ['home/?'], ['home/ab'], false],
    ['StringLike', ['Home/*'], ['home/x'], false],
    ['StringNotLike', ['home/*'], ['other/x'], true],
    ['StringNotLike', ['home/*'], ['home/x'], false],
    ['BinaryEquals', ['QmluYXJ5'], ['QmluYXJ5'], true],
  ])(
    '%s %j against %j: %s',
    (operator, policyValues, requestValues, expected) => {
      expect(judge(operator, policyValues, requestValues)).toBe(expected);
    },
  );
});

describe('ARN operators', () => {
  const role = 'arn:aws:iam::123456789012:role/deployer';
  it.each([
    ['ArnEquals', [role], role, true],
    ['ArnEquals', ['arn:aws:iam::123456789012:role/*'], role, true],
    ['ArnLike', ['arn:aws:iam::*:role/deployer'], role, true],
    ['ArnLike', ['arn:aws:iam::444455556666:role/*'], role, false],
    ['ArnNotEquals', [role], role, false],
    ['ArnNotEquals', ['arn:aws:iam::444455556666:role/x'], role, true],
    ['ArnNotLike', ['arn:aws:iam::123456789012:*'], role, false],
    ['ArnNotLike', ['arn:aws:iam::444455556666:*'], role, true],
    ['ArnLike', ['arn:aws:iam::*'], 'not-an-arn', false],
  ])(
    '%s %j against %s: %s',
    (operator, policyValues, requestValue, expected) => {
      expect(judge(operator, policyValues, [requestValue])).toBe(expected);
    },
  );
});

describe('IP address operators', () => {
  it.each([
    ['IpAddress', ['203.0.113.0/24'], '203.0.113.9', true],
    ['IpAddress', ['203.0.113.0/24', '198.51.100.0/24'], '198.51.100.1', true],
    ['IpAddress', ['203.0.113.0/24'], '192.0.2.1', false],
    ['IpAddress', ['2001:db8::/32'], '2001:db8:1::1', true],
    ['IpAddress', ['2001:db8::/32'], '203.0.113.9', false],
    ['NotIpAddress', ['203.0.113.0/24'], '192.0.2.1', true],
    ['NotIpAddress', ['203.0.113.0/24'], '203.0.113.9', false],
    ['NotIpAddress', ['2001:db8::/32'], '2001:db8::5', false],
  ])(
    '%s %j against %s: %s',
    (operator, policyValues, requestValue, expected) => {
      expect(judge(operator, policyValues, [requestValue])).toBe(expected);
    },
  );
});

describe('numeric operators', () => {
  it.each([
    ['NumericEquals', ['10'], '10', true],
    ['NumericEquals', ['10'], '10.0', true],
    ['NumericEquals', ['10'], '11', false],
    ['NumericNotEquals', ['10'], '11', true],
    ['NumericNotEquals', ['10'], '10', false],
    ['NumericLessThan', ['1.2'], '1.1', true],
    ['NumericLessThan', ['1.2'], '1.2', false],
    ['NumericLessThanEquals', ['1.2'], '1.2', true],
    ['NumericLessThanEquals', ['1.2'], '1.3', false],
    ['NumericGreaterThan', ['600000'], '600001', true],
    ['NumericGreaterThan', ['600000'], '600000', false],
    ['NumericGreaterThanEquals', ['600000'], '600000', true],
    ['NumericGreaterThanEquals', ['600000'], '599999', false],
    ['NumericEquals', ['10'], 'ten', false],
  ])(
    '%s %j against %s: %s',
    (operator, policyValues, requestValue, expected) => {
      expect(judge(operator, policyValues, [requestValue])).toBe(expected);
    },
  );
});

describe('date operators', () => {
  it.each([
    ['DateLessThan', ['2030-01-01T00:00:00Z'], '2026-06-01T00:00:00Z', true],
    ['DateLessThan', ['2020-01-01T00:00:00Z'], '2026-06-01T00:00:00Z', false],
    ['DateGreaterThan', ['2020-01-01'], '2026-06-01T00:00:00Z', true],
    ['DateGreaterThanEquals', ['1780272000'], '2026-06-01T00:00:00Z', true],
    [
      'DateLessThanEquals',
      ['2026-06-01T00:00:00Z'],
      '2026-06-01T00:00:00Z',
      true,
    ],
    ['DateEquals', ['2026-06-01T00:00:00Z'], '2026-06-01T00:00:00.000Z', true],
    ['DateNotEquals', ['2026-06-01T00:00:00Z'], '2026-06-02T00:00:00Z', true],
  ])(
    '%s %j against %s: %s',
    (operator, policyValues, requestValue, expected) => {
      expect(judge(operator, policyValues, [requestValue])).toBe(expected);
    },
  );
});

describe('Bool', () => {
  it.each([
    [['false'], 'false', true],
    [['false'], 'true', false],
    [['true'], 'TRUE', true],
    [['FALSE'], 'false', true],
  ])('Bool %j against %s: %s', (policyValues, requestValue, expected) => {
    expect(judge('Bool', policyValues, [requestValue])).toBe(expected);
  });
});

describe('a key missing from the request', () => {
  it.each([
    'StringEquals',
    'StringEqualsIgnoreCase',
    'StringLike',
    'ArnEquals',
    'ArnLike',
    'IpAddress',
    'NumericEquals',
    'NumericLessThan',
    'NumericLessThanEquals',
    'NumericGreaterThan',
    'NumericGreaterThanEquals',
    'DateLessThan',
    'Bool',
    'BinaryEquals',
  ])('makes positive %s false', operator => {
    expect(judge(operator, ['1'], undefined)).toBe(false);
  });

  it.each([
    'StringNotEquals',
    'StringNotEqualsIgnoreCase',
    'StringNotLike',
    'ArnNotEquals',
    'ArnNotLike',
    'NotIpAddress',
    'NumericNotEquals',
    'DateNotEquals',
  ])('makes negated %s true', operator => {
    expect(judge(operator, ['1'], undefined)).toBe(true);
  });

  it.each([
    'StringEqualsIfExists',
    'BoolIfExists',
    'IpAddressIfExists',
    'NumericLessThanIfExists',
    'ArnLikeIfExists',
    'StringNotEqualsIfExists',
  ])('makes %s true', operator => {
    expect(judge(operator, ['1'], undefined)).toBe(true);
  });

  it('makes ForAllValues true and ForAnyValue false', () => {
    expect(judge('ForAllValues:StringEquals', ['a'], undefined)).toBe(true);
    expect(judge('ForAnyValue:StringEquals', ['a'], undefined)).toBe(false);
    expect(judge('ForAnyValue:StringEqualsIfExists', ['a'], undefined)).toBe(
      true,
    );
  });

  it('is what Null tests', () => {
    expect(judge('Null', ['true'], undefined)).toBe(true);
    expect(judge('Null', ['false'], undefined)).toBe(false);
    expect(judge('Null', ['true'], ['x'])).toBe(false);
    expect(judge('Null', ['false'], ['x'])).toBe(true);
  });

  it('counts an empty list as missing', () => {
    expect(lookupKey({ 'aws:TagKeys': [] }, 'aws:TagKeys')).toBeUndefined();
  });
});

describe('IfExists on a present key', () => {
  it('behaves like the plain operator', () => {
    expect(judge('BoolIfExists', ['false'], ['false'])).toBe(true);
    expect(judge('BoolIfExists', ['false'], ['true'])).toBe(false);
    expect(judge('StringEqualsIfExists', ['a'], ['b'])).toBe(false);
  });
});

describe('set operators on multivalued keys', () => {
  const tags = ['team', 'cost-center'];
  it.each([
    ['ForAllValues:StringEquals', ['team', 'cost-center', 'env'], tags, true],
    ['ForAllValues:StringEquals', ['team'], tags, false],
    ['ForAnyValue:StringEquals', ['team'], tags, true],
    ['ForAnyValue:StringEquals', ['env'], tags, false],
    ['ForAllValues:StringLike', ['team*', 'cost-*'], tags, true],
    ['ForAnyValue:StringLike', ['cost-*'], tags, true],
    // Negated: each value is judged on its own.
    ['ForAllValues:StringNotEquals', ['secret'], tags, true],
    ['ForAllValues:StringNotEquals', ['team'], tags, false],
    ['ForAnyValue:StringNotEquals', ['team'], tags, true],
    ['ForAnyValue:StringNotEquals', ['team', 'cost-center'], tags, false],
    // A plain operator on several values: any of them matching will do.
    ['StringEquals', ['team'], tags, true],
    ['StringNotEquals', ['team'], tags, false],
  ])(
    '%s %j against %j: %s',
    (operator, policyValues, requestValues, expected) => {
      expect(judge(operator, policyValues, requestValues)).toBe(expected);
    },
  );
});

describe('validateConditionValue', () => {
  it.each([
    ['IpAddress', '10.0.0.0/33', /not an IP address/],
    ['NumericLessThan', 'one', /not a number/],
    ['DateLessThan', 'someday', /not a date/],
    ['Bool', 'yes', /not true or false/],
    ['Null', 'maybe', /not true or false/],
  ])('rejects %s %s', (operator, value, problem) => {
    expect(validateConditionValue(parseOperator(operator)!, value)).toMatch(
      problem,
    );
  });

  it('accepts well-formed values', () => {
    expect(
      validateConditionValue(parseOperator('IpAddress')!, '2001:db8::/32'),
    ).toBeUndefined();
    expect(
      validateConditionValue(parseOperator('StringLike')!, 'anything*'),
    ).toBeUndefined();
  });
});

/** A Condition block as policies write it, parsed the way parsePolicy does. */
function conditions(block: Record<string, Record<string, string[]>>) {
  return Object.entries(block).flatMap(([operatorText, keys]) => {
    const operator = parseOperator(operatorText);
    if (!operator) throw new Error(`unknown operator ${operatorText}`);
    return Object.entries(keys).map(([key, values]) => ({
      operator,
      key,
      values,
    }));
  });
}

describe('evaluateConditionBlock', () => {
  const block = conditions({
    Bool: { 'aws:SecureTransport': ['true'] },
    StringEquals: {
      'aws:SourceVpce': ['vpce-1', 'vpce-2'],
      's3:x-amz-acl': ['private'],
    },
  });

  it('ANDs operators and keys, ORs values', () => {
    const context = {
      'aws:SecureTransport': 'true',
      'aws:SourceVpce': 'vpce-2',
      's3:x-amz-acl': 'private',
    };
    expect(evaluateConditionBlock(block, context).met).toBe(true);
    expect(
      evaluateConditionBlock(block, {
        ...context,
        's3:x-amz-acl': 'public-read',
      }).met,
    ).toBe(false);
    expect(
      evaluateConditionBlock(block, {
        ...context,
        'aws:SecureTransport': 'false',
      }).met,
    ).toBe(false);
  });

  it('looks keys up case-insensitively', () => {
    expect(
      evaluateConditionBlock(
        conditions({ Bool: { 'AWS:SECURETRANSPORT': ['false'] } }),
        { 'aws:SecureTransport': 'false' },
      ).met,
    ).toBe(true);
  });

  it('is met when there is no condition', () => {
    expect(evaluateConditionBlock(undefined, {})).toEqual({
      met: true,
      assumedKeys: [],
    });
  });

  it('resolves a missing caller-controlled key by the assumption, and says so', () => {
    const condition = conditions({
      StringEquals: { 's3:x-amz-server-side-encryption': ['aws:kms'] },
    });
    const assumption = { callerControlsKey: () => true, assume: true };
    expect(evaluateConditionBlock(condition, {}, assumption)).toEqual({
      met: true,
      assumedKeys: ['s3:x-amz-server-side-encryption'],
    });
    expect(
      evaluateConditionBlock(condition, {}, { ...assumption, assume: false })
        .met,
    ).toBe(false);
  });

  it('judges a present key by its value even when the caller controls it', () => {
    const condition = conditions({
      Bool: { 'aws:SecureTransport': ['false'] },
    });
    const assumption = { callerControlsKey: () => true, assume: true };
    expect(
      evaluateConditionBlock(
        condition,
        { 'aws:SecureTransport': 'true' },
        assumption,
      ).met,
    ).toBe(false);
  });

  it('treats a key named __proto__ like any other key', () => {
    const parsed = parsePolicy(
      '{"Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"__proto__":"x","constructor":"y"}}}}',
    );
    if (!parsed.ok) throw new Error(parsed.error);
    const condition = parsed.policy.statements[0].conditions!;
    expect(condition.map(entry => entry.key)).toEqual([
      '__proto__',
      'constructor',
    ]);
    // Absent from the request, like any unknown key: StringEquals is false.
    expect(evaluateConditionBlock(condition, {}).met).toBe(false);
    expect(
      evaluateConditionBlock(
        condition,
        JSON.parse('{"__proto__":"x","constructor":"y"}'),
      ).met,
    ).toBe(true);
  });

  it('substitutes policy variables only when asked (Version 2012-10-17)', () => {
    const condition = conditions({
      StringEquals: { 'aws:SourceAccount': ['${aws:PrincipalAccount}'] },
    });
    const context = {
      'aws:SourceAccount': '111122223333',
      'aws:PrincipalAccount': '111122223333',
    };
    expect(
      evaluateConditionBlock(condition, context, undefined, true).met,
    ).toBe(true);
    expect(
      evaluateConditionBlock(condition, context, undefined, false).met,
    ).toBe(false);
    expect(
      evaluateConditionBlock(
        condition,
        { 'aws:SourceAccount': '${aws:PrincipalAccount}' },
        undefined,
        false,
      ).met,
    ).toBe(true);
  });
});
