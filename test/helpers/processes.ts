/** Processes seen through /proc: which are alive, and which belong to given process groups. */
import { readdirSync, readFileSync } from 'node:fs';

/** State and process group of a pid from /proc/<pid>/stat, or null when it is gone. */
function statOf(pid: number): { state: string; pgid: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name in parentheses: state, ppid, pgrp, ...
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0] ?? '', pgid: Number(rest[2]) };
  } catch {
    return null;
  }
}

/** Alive = exists and is not a zombie (an orphaned zombie is dead; init reaps it a while later). */
export function isAlive(pid: number): boolean {
  const s = statOf(pid);
  return s !== null && s.state !== 'Z' && s.state !== 'X';
}

/** Live processes whose process group is one of `pgids`. */
export function membersOf(pgids: ReadonlySet<number>): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = statOf(Number(name));
    if (s !== null && pgids.has(s.pgid) && s.state !== 'Z' && s.state !== 'X') out.push(Number(name));
  }
  return out;
}

/** Polls until `done()` holds or `ms` passed; resolves with whether it held. */
export async function within(ms: number, done: () => boolean): Promise<boolean> {
  for (let waited = 0; waited <= ms; waited += 50) {
    if (done()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return done();
}
