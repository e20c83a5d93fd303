// Built once: `toLocaleString('en')` builds a new formatter on every call.
const countFormat = new Intl.NumberFormat('en');

/** `5,000`: a count as the pages show it. */
export function formatCount(n: number): string {
  return countFormat.format(n);
}
