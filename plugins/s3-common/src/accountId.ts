/**
 * True for a 12-digit AWS account id.
 *
 * @public
 */
export function isValidAwsAccountId(value: string): boolean {
  return /^\d{12}$/.test(value);
}
