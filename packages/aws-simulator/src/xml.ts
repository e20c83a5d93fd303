/** XML text the way AWS writes it: escaped values, elements that vanish when unset. */

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

type Value = string | number | boolean | Date | undefined | null;

/** `<Name>value</Name>`, or nothing when the value is unset. */
export function leaf(name: string, value: Value): string {
  if (value === undefined || value === null) return '';
  const text = value instanceof Date ? isoSeconds(value) : String(value);
  return `<${name}>${escapeXml(text)}</${name}>`;
}

/** `<Name>children</Name>`; children are XML already. */
export function node(
  name: string,
  ...children: Array<string | undefined | false>
): string {
  return `<${name}>${children.filter(Boolean).join('')}</${name}>`;
}

/** A whole document with its root element in the given namespace. */
export function xmlDocument(
  root: string,
  xmlns: string,
  ...children: string[]
): string {
  const body = children.join('');
  const open = `<${root} xmlns="${xmlns}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${
    body ? `${open}>${body}</${root}>` : `${open}/>`
  }`;
}

/** AWS timestamps: ISO-8601 in UTC, no milliseconds (`2024-01-18T17:43:36Z`). */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
