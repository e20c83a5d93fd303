const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** `3 hours ago`, `in 2 minutes`, `just now`. */
export function formatRelative(date: Date, now: Date = new Date()): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (abs >= size) return rtf.format(Math.round(seconds / size), unit);
  }
  return rtf.format(Math.round(seconds / 60), 'minute');
}

export function formatAbsolute(date: Date): string {
  return date.toLocaleString('en', {
    dateStyle: 'medium',
    timeStyle: 'short',
  } as Intl.DateTimeFormatOptions);
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
