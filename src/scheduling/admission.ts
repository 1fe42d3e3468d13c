/**
 * Resource admission: a limit profile that asks for more threads or memory than the machine has is refused
 * with a message naming the field, or, when the config allows it, downsized to fit. Never left pending.
 */
import { availableParallelism, totalmem } from 'node:os';
import type { Limits, LimitProfile } from '../config/limits-schema.js';
import { LIMIT_STAGES } from '../shared/vocabulary.js';
import { AlcoveError } from '../shared/errors.js';

export interface MachineResources {
  readonly cpus: number;
  readonly memoryMb: number;
}

export function machineResources(): MachineResources {
  return { cpus: availableParallelism(), memoryMb: Math.floor(totalmem() / 1048576) };
}

export interface AdmissionResult {
  readonly limits: Limits;
  readonly workers: number | null;
  /** What was downsized, one line each. */
  readonly notes: readonly string[];
}

/**
 * Checks `workers` and every stage's `threads` and `memory_mb × threads` against the machine. With
 * `downsize`, shrinks them to fit and says so; without, throws BAD_CONFIG naming every offending field.
 */
export function admitLimits(
  limits: Limits,
  workers: number | null,
  machine: MachineResources,
  options: { downsize: boolean; prefix?: string },
): AdmissionResult {
  const prefix = options.prefix ?? '';
  const problems: string[] = [];
  const notes: string[] = [];
  let admittedWorkers = workers;
  if (workers !== null && workers > machine.cpus) {
    problems.push(`${prefix}workers: ${workers} threads requested, the machine has ${machine.cpus} CPUs`);
    admittedWorkers = machine.cpus;
  }
  const out: Record<string, LimitProfile> = {};
  for (const stage of LIMIT_STAGES) {
    const p = limits[stage];
    let threads = p.threads;
    let memory = p.memory_mb;
    if (threads !== null && threads > machine.cpus) {
      problems.push(`${prefix}limits.${stage}.threads: ${threads} requested, the machine has ${machine.cpus} CPUs`);
      threads = machine.cpus;
    }
    const t = threads ?? admittedWorkers ?? machine.cpus;
    if (memory !== null && memory * t > machine.memoryMb) {
      problems.push(
        `${prefix}limits.${stage}.memory_mb: ${memory} MB × ${t} threads = ${memory * t} MB requested, ` +
          `the machine has ${machine.memoryMb} MB`,
      );
      memory = Math.max(16, Math.floor(machine.memoryMb / t));
    }
    out[stage] = { ...p, threads, memory_mb: memory };
    if (threads !== p.threads || memory !== p.memory_mb) {
      notes.push(`downsized limits.${stage} to threads ${threads ?? 'default'}, memory_mb ${memory ?? 'default'}`);
    }
  }
  if (admittedWorkers !== workers) notes.unshift(`downsized workers to ${admittedWorkers ?? 'default'}`);
  if (problems.length > 0 && !options.downsize) {
    throw new AlcoveError(
      'BAD_CONFIG',
      `refused: the requested resources exceed this machine:\n  ${problems.join('\n  ')}\n` +
        'lower them, or set scheduling.downsize: true to shrink them to fit',
    );
  }
  return { limits: out as Limits, workers: admittedWorkers, notes };
}
