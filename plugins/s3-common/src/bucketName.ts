/**
 * Validates a general purpose bucket name against S3's naming rules
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 * Returns the rules it breaks, empty when the name is valid.
 *
 * @public
 */
export function validateBucketName(name: string): string[] {
  if (typeof name !== 'string') {
    return ['must be a string'];
  }
  const problems: string[] = [];
  if (name.length < 3 || name.length > 63) {
    problems.push(`must be 3 to 63 characters long (it has ${name.length})`);
  }
  if (!/^[a-z0-9.-]*$/.test(name)) {
    problems.push(
      'may contain only lowercase letters, digits, dots (.) and hyphens (-)',
    );
  }
  if (name.length > 0 && !/^[a-z0-9]/.test(name)) {
    problems.push('must begin with a letter or digit');
  }
  if (name.length > 0 && !/[a-z0-9]$/.test(name)) {
    problems.push('must end with a letter or digit');
  }
  if (name.includes('..')) {
    problems.push('must not contain two adjacent dots');
  }
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) {
    problems.push('must not be formatted as an IP address');
  }
  for (const prefix of ['xn--', 'sthree-', 'amzn-s3-demo-']) {
    if (name.startsWith(prefix)) {
      problems.push(`must not start with the reserved prefix "${prefix}"`);
    }
  }
  for (const suffix of [
    '-s3alias',
    '--ol-s3',
    '--x-s3',
    '--table-s3',
    '.mrap',
  ]) {
    if (name.endsWith(suffix)) {
      problems.push(`must not end with the reserved suffix "${suffix}"`);
    }
  }
  return problems;
}

/**
 * True when the name follows S3's bucket naming rules.
 *
 * @public
 */
export function isValidBucketName(name: string): boolean {
  return validateBucketName(name).length === 0;
}
