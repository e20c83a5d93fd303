import fc from 'fast-check';
import { isValidBucketName, validateBucketName } from './bucketName';

describe('validateBucketName', () => {
  it.each([
    'securecart-orders-production',
    'abc',
    'a'.repeat(63),
    'my.bucket.name',
    'textract-console-us-west-2-9bc2a179-b0ea-4bb2-9038-dd15e06a3c39',
  ])('accepts %s', name => {
    expect(validateBucketName(name)).toEqual([]);
  });

  it.each([
    ['ab', /3 to 63 characters/],
    ['a'.repeat(64), /3 to 63 characters/],
    ['Invalid_Bucket', /lowercase letters, digits/],
    ['-leading', /begin with a letter or digit/],
    ['trailing-', /end with a letter or digit/],
    ['two..dots', /two adjacent dots/],
    ['192.168.5.4', /IP address/],
    ['xn--bucket', /reserved prefix "xn--"/],
    ['sthree-bucket', /reserved prefix "sthree-"/],
    ['bucket-s3alias', /reserved suffix "-s3alias"/],
    ['bucket--ol-s3', /reserved suffix "--ol-s3"/],
    ['bucket--x-s3', /reserved suffix "--x-s3"/],
    ['../../etc/passwd', /lowercase letters/],
    ['bucket?x=1', /lowercase letters/],
  ])('refuses %s', (name, rule) => {
    expect(validateBucketName(name).join('; ')).toMatch(rule);
  });

  it('valid names are safe in a URL path segment (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 70 }),
        name =>
          !isValidBucketName(name) ||
          (encodeURIComponent(name) === name && !name.includes('..')),
      ),
      { numRuns: 2000 },
    );
  });
});
