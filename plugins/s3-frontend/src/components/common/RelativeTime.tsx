const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

// Built once: each Intl formatter costs about a millisecond to build in Chromium, and a page
// of 25 buckets used to build two per row on every render.
const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const absoluteFormat = new Intl.DateTimeFormat('en', {
  dateStyle: 'medium',
  timeStyle: 'short',
} as Intl.DateTimeFormatOptions);

/** `3 hours ago`, `in 2 minutes`, `just now`. */
export function formatRelative(date: Date, now: Date = new Date()): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  for (const [unit, size] of UNITS) {
    if (abs >= size) {
      return relativeFormat.format(Math.round(seconds / size), unit);
    }
  }
  return relativeFormat.format(Math.round(seconds / 60), 'minute');
}

export function formatAbsolute(date: Date): string {
  return absoluteFormat.format(date);
}

/** Relative time with the exact moment in a tooltip and machine-readable attribute. */
export function RelativeTime(props: { iso?: string; never?: string }) {
  const { iso, never = 'Never' } = props;
  if (!iso) return <span>{never}</span>;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return <span>{iso}</span>;
  return (
    <time dateTime={iso} title={formatAbsolute(date)}>
      {formatRelative(date)}
    </time>
  );
}
