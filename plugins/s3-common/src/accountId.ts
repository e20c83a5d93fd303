/** True for a 12-digit AWS account id. */
export function isValidAwsAccountId(value: string): boolean {
  return /^\d{12}$/.test(value);
}
