/**
 * The calling thread's own CPU time, from Linux's `/proc/thread-self/schedstat` (its first field: nanoseconds
 * on a CPU). A worker reports it per task, so that a pool's utilisation can be read as CPU time, which a task
 * waiting for a core or blocked on I/O does not accumulate, and not as time tasks were outstanding. Null where
 * the file does not exist (not Linux, or a kernel without it), and from then on without trying again.
 */
import { readFileSync } from 'node:fs';

const SCHEDSTAT = '/proc/thread-self/schedstat';
let available = true;

/** Nanoseconds this thread has spent on a CPU, or null where the platform does not tell. */
export function threadCpuNs(): number | null {
  if (!available) return null;
  try {
    const ns = Number(readFileSync(SCHEDSTAT, 'latin1').split(' ', 1)[0]);
    if (Number.isFinite(ns)) return ns;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
  }
  available = false;
  return null;
}

/** Milliseconds of this thread's CPU time since `startNs` (a `threadCpuNs()` reading), or null. */
export function threadCpuMsSince(startNs: number | null): number | null {
  if (startNs === null) return null;
  const now = threadCpuNs();
  return now === null ? null : (now - startNs) / 1e6;
}
