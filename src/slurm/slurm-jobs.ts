/**
 * What `squeue --json` says of a campaign's jobs, and how SLURM's job states map onto Alcove's task
 * classes. The scheduler's state is a hint: a marker, when there is one, wins over it (slurm-runner.ts).
 *
 * SLURM 22.05 gives `job_state` as a string, later versions as a list of strings; an array's pending tasks
 * come as one record with `array_task_id: null` and `array_task_string: "3-9%2"`.
 */
import type { TaskClass } from '../shared/vocabulary.js';

export interface SlurmJob {
  readonly jobId: number;
  /** The array's id (its first job's id); the job's own id for a job that is not an array task. */
  readonly arrayJobId: number;
  /** The array index; null for the record of an array's pending tasks (see `pending`). */
  readonly arrayTaskId: number | null;
  /** The indices still pending in an array's collapsed record (`array_task_string`). */
  readonly pending: readonly number[];
  readonly name: string;
  readonly state: string;
  /** The wait status SLURM reports (exit code << 8, or the signal). */
  readonly exitCode: number;
}

/** States in which a job may still write its marker. */
const ACTIVE = new Set([
  'PENDING',
  'RUNNING',
  'CONFIGURING',
  'COMPLETING',
  'SUSPENDED',
  'REQUEUED',
  'REQUEUE_HOLD',
  'REQUEUE_FED',
  'RESIZING',
  'SIGNALING',
  'STAGE_OUT',
  'RESV_DEL_HOLD',
]);

/** The class of a job that ended without a marker, or 'active' while it may still write one. */
export type JobVerdict =
  { readonly kind: 'active' } | { readonly kind: 'ended'; readonly class: Exclude<TaskClass, 'ok'> };

export function verdictOf(job: Pick<SlurmJob, 'state' | 'exitCode'>): JobVerdict {
  const state = job.state;
  if (ACTIVE.has(state)) return { kind: 'active' };
  switch (state) {
    case 'TIMEOUT':
    case 'DEADLINE':
      return { kind: 'ended', class: 'timeout' };
    case 'OUT_OF_MEMORY':
      return { kind: 'ended', class: 'oom' };
    case 'CANCELLED':
      return { kind: 'ended', class: 'interrupted' };
    case 'NODE_FAIL':
    case 'BOOT_FAIL':
    case 'PREEMPTED':
    case 'COMPLETED':
      // COMPLETED without a marker: the task ran but its marker is not where we look (slurm-runner.ts).
      return { kind: 'ended', class: 'lost' };
    default:
      // FAILED (a non-zero exit or a signal without a marker: the process died; slurm-waiter.ts makes it
      // `oom` when slurmstepd says it killed it over its memory), SPECIAL_EXIT, anything new.
      return { kind: 'ended', class: 'crash' };
  }
}

/** "0-3,7,9-11%2" → [0, 1, 2, 3, 7, 9, 10, 11]. */
export function parseArrayString(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split('%')[0]?.split(',') ?? []) {
    const m = /^(\d+)(?:-(\d+))?(?::(\d+))?$/.exec(part.trim());
    if (m === null) continue;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    const step = m[3] === undefined ? 1 : Number(m[3]);
    for (let i = a; i <= b; i += step) out.push(i);
  }
  return out;
}

const num = (v: unknown): number | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  // Later versions wrap numbers: { set: true, infinite: false, number: 3 }.
  if (v !== null && typeof v === 'object' && 'number' in v && (v as { set?: unknown }).set !== false) {
    return num(v.number);
  }
  return null;
};

/** The jobs of `squeue --json` output whose names start with `prefix`. */
export function parseSqueue(text: string, prefix: string): SlurmJob[] {
  const doc = JSON.parse(text) as { jobs?: unknown };
  if (!Array.isArray(doc.jobs)) return [];
  const out: SlurmJob[] = [];
  for (const raw of doc.jobs as Record<string, unknown>[]) {
    const name = typeof raw.name === 'string' ? raw.name : '';
    if (!name.startsWith(prefix)) continue;
    const jobId = num(raw.job_id);
    if (jobId === null) continue;
    const rawState: unknown = Array.isArray(raw.job_state) ? (raw.job_state as unknown[])[0] : raw.job_state;
    const state = typeof rawState === 'string' ? rawState : '';
    const exit = raw.exit_code;
    const exitCode =
      exit !== null && typeof exit === 'object' && 'return_code' in exit
        ? (num(exit.return_code) ?? 0) << 8
        : (num(exit) ?? 0);
    const arrayTaskId = num(raw.array_task_id);
    const taskString = typeof raw.array_task_string === 'string' ? raw.array_task_string : '';
    out.push({
      jobId,
      arrayJobId: num(raw.array_job_id) || jobId,
      arrayTaskId,
      pending: arrayTaskId === null ? parseArrayString(taskString) : [],
      name,
      state,
      exitCode,
    });
  }
  return out;
}

/** Key of one array task: `<array job id>_<index>`. */
export const taskKey = (arrayJobId: number, index: number) => `${arrayJobId}_${index}`;

/** The jobs by array task: each array index's own record, and every pending index of a collapsed one. */
export function indexJobs(jobs: readonly SlurmJob[]): Map<string, SlurmJob> {
  const out = new Map<string, SlurmJob>();
  for (const job of jobs) {
    if (job.arrayTaskId !== null) out.set(taskKey(job.arrayJobId, job.arrayTaskId), job);
    else if (job.pending.length > 0) for (const i of job.pending) out.set(taskKey(job.arrayJobId, i), job);
    else out.set(taskKey(job.arrayJobId, 0), job);
  }
  return out;
}
