/** Human-readable numbers, durations and times for the dashboard and the report; deterministic (UTC). */

/** `1 h 02 min`, `3 min 05 s`, `12.3 s`, `0.41 s`; `—` for null or non-finite. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, seconds);
  if (s < 10) return `${s.toFixed(s < 1 ? 2 : 1)} s`;
  const total = Math.round(s);
  if (total < 60) return `${total} s`;
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  return `${minutes} min ${String(secs).padStart(2, '0')} s`;
}

/** A metric value with `digits` decimals (trailing zeros kept, so columns line up); `—` for null. */
export function formatMetric(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 1e6) return value.toExponential(2);
  return value.toFixed(digits);
}

/**
 * A count with thin grouping: 12 345. By hand: `toLocaleString` goes through ICU, which showed up in CPU
 * profiles of the status page (bench/README.md).
 */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const n = Math.round(value);
  const digits = String(Math.abs(n));
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) {
    const part = digits.slice(Math.max(0, end - 3), end);
    out = out === '' ? part : `${part}\u202f${out}`;
  }
  return n < 0 ? `-${out}` : out;
}

/** `HH:MM:SS` of an epoch-ms time, in UTC. */
export function formatClockUtc(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 19);
}

/** `YYYY-MM-DD HH:MM:SS` of an epoch-ms time, in UTC. */
export function formatDateTimeUtc(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ');
}
