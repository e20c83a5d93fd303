import fc from 'fast-check';
import {
  compileGlob,
  hasWildcard,
  matchesAction,
  matchesEveryExtension,
  matchesSomeExtension,
  matchesArn,
  matchesResource,
  matchesWildcard,
} from './matching';

describe('matchesAction', () => {
  it.each([
    ['s3:GetObject', 's3:GetObject', true],
    ['s3:getobject', 's3:GetObject', true],
    ['S3:GETOBJECT', 's3:GetObject', true],
    ['s3:Get*', 's3:GetObject', true],
    ['s3:Get*', 's3:PutObject', false],
    ['s3:*', 's3:DeleteObject', true],
    ['*', 's3:DeleteObject', true],
    ['s3:*Object', 's3:GetObject', true],
    ['s3:*Object', 's3:GetObjectAcl', false],
    ['s3:GetObjec?', 's3:GetObject', true],
    ['s3:GetObjec?', 's3:GetObjectAcl', false],
    ['s3:GetObject', 's3:GetObjectAcl', false],
    ['iam:*', 's3:GetObject', false],
    ['s3:Get.bject', 's3:GetObject', false],
  ])('%s covers %s: %s', (pattern, action, expected) => {
    expect(matchesAction(pattern, action)).toBe(expected);
  });
});

describe('matchesResource', () => {
  it.each([
    ['*', 'arn:aws:s3:::orders', true],
    ['arn:aws:s3:::orders', 'arn:aws:s3:::orders', true],
    ['arn:aws:s3:::orders', 'arn:aws:s3:::orders/x', false],
    ['arn:aws:s3:::orders/*', 'arn:aws:s3:::orders/x', true],
    ['arn:aws:s3:::orders/*', 'arn:aws:s3:::orders', false],
    ['arn:aws:s3:::orders/*', 'arn:aws:s3:::orders/a/b/c', true],
    ['arn:aws:s3:::orders*', 'arn:aws:s3:::orders-replica', true],
    ['arn:aws:s3:::*', 'arn:aws:s3:::orders', true],
    ['arn:aws:s3:::*', 'arn:aws:s3:::orders/deep/key', true],
    ['arn:aws:s3:::Orders', 'arn:aws:s3:::orders', false],
    ['arn:aws:s3:::orders/Key', 'arn:aws:s3:::orders/key', false],
    ['arn:aws:s3:::order?', 'arn:aws:s3:::orders', true],
    ['arn:aws:s3:::order?', 'arn:aws:s3:::order', false],
    ['arn:*:s3:::orders', 'arn:aws-cn:s3:::orders', true],
    ['arn:aws:s3:*', 'arn:aws:s3:::orders/x', true],
    ['arn:aws:s3', 'arn:aws:s3:::orders', false],
    ['arn:aws:s3:::orders/a:b', 'arn:aws:s3:::orders/a:b', true],
    ['arn:aws:s3:::orders/(x)+', 'arn:aws:s3:::orders/(x)+', true],
    ['arn:aws:s3:::orders/(x)+', 'arn:aws:s3:::orders/(x)))', false],
  ])('%s covers %s: %s', (pattern, arn, expected) => {
    expect(matchesResource(pattern, arn)).toBe(expected);
  });

  it('keeps a wildcard inside its ARN segment', () => {
    // The `*` in the service segment must not swallow the colons after it.
    expect(matchesArn('arn:aws:*:::orders', 'arn:aws:s3:::orders')).toBe(true);
    expect(matchesArn('arn:aws:*:orders', 'arn:aws:s3:::orders')).toBe(false);
  });

  it('never matches a value that is not an ARN, unless the pattern is *', () => {
    expect(matchesResource('arn:aws:s3:::*', 'orders')).toBe(false);
    expect(matchesResource('*', 'orders')).toBe(true);
  });

  it('matches every S3 ARN with itself and with bucket/*', () => {
    const names = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{1,20}[a-z0-9]$/);
    const keys = fc.string({ minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(names, keys, (bucket, key) => {
        const arn = `arn:aws:s3:::${bucket}/${key}`;
        expect(matchesResource(arn, arn)).toBe(true);
        expect(matchesResource(`arn:aws:s3:::${bucket}/*`, arn)).toBe(true);
        expect(matchesResource(`arn:aws:s3:::${bucket}`, arn)).toBe(false);
      }),
    );
  });
});

describe('matchesWildcard', () => {
  it('is case-sensitive unless asked otherwise', () => {
    expect(matchesWildcard('vpce-1*', 'VPCE-1a')).toBe(false);
    expect(matchesWildcard('vpce-1*', 'VPCE-1a', true)).toBe(true);
  });

  it('lets * span newlines in object keys', () => {
    expect(matchesWildcard('a*b', 'a\nb')).toBe(true);
  });
});

describe('hasWildcard', () => {
  it('spots * and ?', () => {
    expect(hasWildcard('arn:aws:s3:::b/*')).toBe(true);
    expect(hasWildcard('arn:aws:s3:::b?')).toBe(true);
    expect(hasWildcard('arn:aws:s3:::b')).toBe(false);
  });
});

describe('matching in bounded time', () => {
  // A pattern a backtracking engine takes minutes over (issue: 16 stars took 16 s).
  it('matches a 50-star pattern against a key the pattern itself supplies in milliseconds', () => {
    const pattern = `arn:aws:s3:::orders/${'*a'.repeat(50)}*b`;
    const key = `arn:aws:s3:::orders/${'a'.repeat(120)}`;
    const started = process.hrtime.bigint();
    expect(matchesResource(pattern, key)).toBe(false);
    expect(matchesWildcard(pattern, key)).toBe(false);
    expect(matchesResource(pattern, `${key}b`)).toBe(true);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    // A generous ceiling: the backtracking matcher needed minutes here.
    expect(elapsedMs).toBeLessThan(1000);
  });
});

describe('matchesEveryExtension / matchesSomeExtension', () => {
  const prefix = 'arn:aws:s3:::orders/';
  const glob = (pattern: string) => compileGlob(pattern, { arn: true });

  it.each([
    ['arn:aws:s3:::orders/*', true],
    ['arn:aws:s3:::orders*', true],
    ['arn:aws:s3:::*', true],
    ['*', true],
    ['arn:aws:s3:*', true],
    ['arn:aws:s3:::orders/?*', true],
    ['arn:aws:s3:::orders/a*', false],
    ['arn:aws:s3:::orders/*a', false],
    ['arn:aws:s3:::orders/*/*', false],
    ['arn:aws:s3:::orders', false],
    ['arn:aws:s3:::other/*', false],
  ])('%s covers every object: %s', (pattern, expected) => {
    expect(matchesEveryExtension(glob(pattern), prefix)).toBe(expected);
  });

  it.each([
    ['arn:aws:s3:::orders/public/*', true],
    ['arn:aws:s3:::orders*.pdf', true],
    ['arn:aws:s3:::orders', false],
    ['arn:aws:s3:::other/*', false],
    ['arn:aws:s3:::order?/x', true],
  ])('%s matches some object: %s', (pattern, expected) => {
    expect(matchesSomeExtension(glob(pattern), prefix)).toBe(expected);
  });

  it('reads policy variables as "may match" or "never surely matches"', () => {
    const pattern = 'arn:aws:s3:::orders/${aws:username}/*';
    expect(
      matchesSomeExtension(
        compileGlob(pattern, { arn: true, variables: 'any' }),
        prefix,
      ),
    ).toBe(true);
    expect(
      matchesEveryExtension(
        compileGlob(pattern, { arn: true, variables: 'never' }),
        prefix,
      ),
    ).toBe(false);
  });
});
