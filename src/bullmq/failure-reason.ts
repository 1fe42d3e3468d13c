/**
 * A failed job's reason as the orchestrator reads it. A worker fails a job only when the task did not
 * run to its end (cancelled, its task file unreadable, the worker's own fault): the task's own failures
 * are results, with their class. The reason starts with the class in brackets; BullMQ's own reasons have
 * none, and the one for a job whose workers kept dying means `lost`.
 */
import { TASK_CLASSES, type TaskClass } from '../shared/vocabulary.js';

export type FailureClass = Exclude<TaskClass, 'ok'>;

export function failureReason(cls: FailureClass, message: string): string {
  return `[${cls}] ${message}`;
}

export function classOfFailure(reason: string): { readonly class: FailureClass; readonly message: string } {
  const tagged = /^\[([a-z_]+)\] ([\s\S]*)$/.exec(reason);
  const cls = tagged?.[1];
  if (cls !== undefined && cls !== 'ok' && (TASK_CLASSES as readonly string[]).includes(cls)) {
    return { class: cls as FailureClass, message: tagged?.[2] ?? '' };
  }
  // BullMQ fails a job that stalled more than maxStalledCount times: its workers died under it.
  if (/stalled more than allowable limit/i.test(reason)) {
    return { class: 'lost', message: `every worker that took it died (${reason})` };
  }
  return { class: 'crash', message: reason };
}
