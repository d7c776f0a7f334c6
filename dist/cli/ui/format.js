// Values shown as text: times in UTC, numbers shortened, anything unexpected shown as it is or as —.

export const NONE = '—';

/** A time (ms since the epoch, a number or a numeric string) as `2024-05-01 12:00:03 UTC`. */
export function formatTime(ms) {
  const value = typeof ms === 'string' && /^\d+$/.test(ms) ? Number(ms) : ms;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return NONE;
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? NONE
    : date
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC');
}

/** A machine-readable time for <time datetime>, or undefined. */
export function isoTime(ms) {
  const date = new Date(Number(ms));
  // A time no Date can hold (anyone can log such a run) is left out, never thrown on.
  return Number(ms) > 0 && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

/** How long from start to end: `4.2 s`, `3 min 5 s`, `2 h 10 min`. */
export function formatDuration(start, end) {
  const ms = Number(end) - Number(start);
  if (!Number.isFinite(ms) || ms < 0 || !Number(start) || !Number(end)) return NONE;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A metric value: six significant digits; MLflow's NaN and infinities (sent as strings) as they are. */
export function formatNumber(value) {
  if (typeof value === 'number') return Number.isFinite(value) ? String(Number(value.toPrecision(6))) : String(value);
  if (typeof value === 'string') return value;
  return NONE;
}

/** A size in bytes: `812 B`, `4.1 KiB`, `2.3 MiB`. */
export function formatSize(bytes) {
  const value = Number(bytes);
  if (!Number.isFinite(value) || value < 0) return NONE;
  if (value < 1024) return `${value} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let scaled = value / 1024;
  let unit = 0;
  while (scaled >= 1024 && unit < units.length - 1) {
    scaled /= 1024;
    unit += 1;
  }
  return `${scaled.toFixed(1)} ${units[unit]}`;
}

/** A text value or —. */
export const text = (value) => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : NONE);
