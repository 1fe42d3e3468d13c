/**
 * The off-peak policy: heavy tasks wait for a time window ("22:00-08:00", optionally all weekend) or until
 * they have waited `max_wait_h`, whichever comes first. A pure function of the task, the time and the policy,
 * so it is tested with a fake clock and never by waiting.
 */
import { AlcoveError } from '../shared/errors.js';

export interface OffPeakPolicy {
  /** "HH:MM-HH:MM", local (or UTC) time; a window that wraps past midnight is fine. */
  readonly hours: string;
  /** Saturday and Sunday count as off-peak all day. */
  readonly weekends: boolean;
  /** A held task runs anyway once it has waited this long (hours). */
  readonly max_wait_h: number;
  /** Which wall clock the window is in; default the machine's local time. */
  readonly timezone?: 'local' | 'utc';
}

export interface SchedulableTask {
  /** Only heavy tasks are held by the off-peak policy. */
  readonly heavy: boolean;
  /** When the task was queued (ms since the epoch). */
  readonly queuedAt: number;
  /** Higher runs first; default 0. */
  readonly priority?: number;
}

export interface Hold {
  readonly hold: true;
  /** When to look again (ms since the epoch): the window opens or the wait limit is reached. */
  readonly until: number;
  readonly reason: string;
}

export type Decision = 'run' | Hold;

export function isHold(decision: Decision): decision is Hold {
  return decision !== 'run';
}

interface Window {
  readonly start: number;
  readonly end: number;
}

const HOURS = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/;

/** "22:00-08:00" → minutes of the day [start, end). */
export function parseHours(hours: string): Window {
  const m = HOURS.exec(hours.trim());
  const n = m?.slice(1).map(Number);
  if (n === undefined || n.length !== 4)
    throw new AlcoveError('BAD_CONFIG', `off_peak.hours: expected "HH:MM-HH:MM", got "${hours}"`);
  const [h1 = 0, m1 = 0, h2 = 0, m2 = 0] = n;
  if (h1 > 24 || h2 > 24 || m1 > 59 || m2 > 59)
    throw new AlcoveError('BAD_CONFIG', `off_peak.hours: "${hours}" is not a time range`);
  return { start: h1 * 60 + m1, end: h2 * 60 + m2 };
}

interface Parts {
  readonly day: number;
  readonly minute: number;
}

function partsOf(t: number, timezone: 'local' | 'utc'): Parts {
  const d = new Date(t);
  return timezone === 'utc'
    ? { day: d.getUTCDay(), minute: d.getUTCHours() * 60 + d.getUTCMinutes() }
    : { day: d.getDay(), minute: d.getHours() * 60 + d.getMinutes() };
}

function inMinutes(w: Window, minute: number): boolean {
  if (w.start === w.end) return true;
  return w.start < w.end ? minute >= w.start && minute < w.end : minute >= w.start || minute < w.end;
}

export function isOffPeak(t: number, policy: OffPeakPolicy): boolean {
  const p = partsOf(t, policy.timezone ?? 'local');
  if (policy.weekends && (p.day === 0 || p.day === 6)) return true;
  return inMinutes(parseHours(policy.hours), p.minute);
}

/** The first minute at or after `t` that is off-peak (scans minute boundaries; at most 8 days). */
export function nextOffPeak(t: number, policy: OffPeakPolicy): number {
  if (isOffPeak(t, policy)) return t;
  // Window edges are whole minutes: scan minute boundaries (at most 11,520 cheap checks; a decision is rare).
  const minute = 60_000;
  let probe = Math.ceil(t / minute) * minute;
  const limit = t + 8 * 24 * 60 * minute;
  while (probe < limit && !isOffPeak(probe, policy)) probe += minute;
  return probe;
}

function iso(t: number, policy: OffPeakPolicy): string {
  const s = new Date(t).toISOString();
  return (policy.timezone ?? 'local') === 'utc'
    ? `${s.slice(0, 16).replace('T', ' ')} UTC`
    : new Date(t).toString().slice(0, 21);
}

/** Run now, or hold until the window opens or the wait limit is reached (whichever comes first). */
export function decideOffPeak(task: SchedulableTask, now: number, policy: OffPeakPolicy | null): Decision {
  if (policy === null || !task.heavy) return 'run';
  if (isOffPeak(now, policy)) return 'run';
  const limit = task.queuedAt + policy.max_wait_h * 3_600_000;
  if (now >= limit) return 'run';
  const opens = nextOffPeak(now, policy);
  const until = Math.min(opens, limit);
  const window = `${policy.hours}${policy.weekends ? ', weekends' : ''}`;
  const why =
    until === opens
      ? `off-peak policy: heavy task held until the window opens (${window}) at ${iso(until, policy)}`
      : `off-peak policy: heavy task held until its wait limit (max_wait_h ${policy.max_wait_h}) ` +
        `at ${iso(until, policy)}`;
  return { hold: true, until, reason: why };
}
