/**
 * `alcove task FILE`'s work: read a task file, run the task here, write its result and then its marker.
 * A task stopped by a signal (SLURM's TERM before a time limit, scancel) writes no marker: it did not end,
 * and what the scheduler says about it (TIMEOUT, CANCELLED) is then the orchestrator's only news.
 */
import { dirname, join } from 'node:path';
import { statSync } from 'node:fs';
import type { TaskClass } from '../shared/vocabulary.js';
import { runRemoteTask } from './run-remote-task.js';
import { readTaskFile, TASK_FILE, writeResult } from './task-files.js';

export interface TaskFileRun {
  readonly id: string;
  /** null: stopped by `signal` before its end, no marker written. */
  readonly class: TaskClass | null;
  readonly ms: number;
}

/** `path`: a task file, or the task folder holding `task.bin`. */
export async function runTaskFile(path: string, signal?: AbortSignal): Promise<TaskFileRun> {
  const file = isDirectory(path) ? join(path, TASK_FILE) : path;
  const dir = dirname(file);
  const task = readTaskFile(file);
  const run = await runRemoteTask(task.task, signal);
  if (signal?.aborted === true) return { id: task.id, class: null, ms: run.ms };
  writeResult(dir, task.id, run.result, { class: run.class, ms: run.ms });
  return { id: task.id, class: run.class, ms: run.ms };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    // A path that does not exist is not a folder; reading it as a file reports it.
    return false;
  }
}
