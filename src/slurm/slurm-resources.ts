/**
 * What one array task asks SLURM for: the spec's memory and time, grown by a retry's scale (2x after
 * `oom` or `timeout`) up to `max_mem_mb` / `max_time` (4x the spec's when those are null).
 */
import type { SlurmExecutorSpec } from '../config/executor-schema.js';

export const DEFAULT_GROWTH_CAP = 4;

export interface SlurmResources {
  readonly memMb: number;
  /** Minutes (sbatch --time), in whole seconds. */
  readonly timeMin: number;
  readonly cpus: number;
}

export function resourcesFor(spec: SlurmExecutorSpec, scale: { mem: number; time: number }): SlurmResources {
  const memCap = spec.max_mem_mb ?? spec.mem_mb * DEFAULT_GROWTH_CAP;
  const timeCap = spec.max_time ?? spec.time * DEFAULT_GROWTH_CAP;
  return {
    memMb: Math.max(spec.mem_mb, Math.min(memCap, Math.round(spec.mem_mb * scale.mem))),
    timeMin: Math.max(spec.time, Math.min(timeCap, Math.ceil(spec.time * scale.time * 60) / 60)),
    cpus: spec.cpus_per_task,
  };
}

/** sbatch's options for these resources and the spec's placement, before `extra_args`. */
export function resourceArgs(spec: SlurmExecutorSpec, r: SlurmResources): string[] {
  return [
    `--mem=${r.memMb}M`,
    `--time=${slurmTime(r.timeMin)}`,
    `--cpus-per-task=${r.cpus}`,
    ...(spec.partition === null ? [] : [`--partition=${spec.partition}`]),
    ...(spec.account === null ? [] : [`--account=${spec.account}`]),
  ];
}

/** Whole minutes as sbatch takes them (`90`), a fraction as minutes:seconds (`0:06`). */
export function slurmTime(minutes: number): string {
  if (Number.isInteger(minutes)) return String(minutes);
  const seconds = Math.ceil(minutes * 60);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
