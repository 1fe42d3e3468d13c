/**
 * The events of the audit trail (`state/audit.jsonl`), one JSON object per line, and the check that a
 * parsed line is one.
 */
import type { TaskClass } from '../shared/vocabulary.js';
import type { EnvironmentInfo } from './environment-info.js';

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

/** How an attempt ended. Same union as the dashboard's `TaskClass`. */
export type AttemptClass = TaskClass;
export type RunEndStatus = 'done' | 'failed' | 'interrupted' | 'waiting';

interface AuditBase {
  /** ISO time from the injected clock. */
  readonly at: string;
  /** One id per process run: `<startedAt ISO>-<pid>`. */
  readonly run: string;
}

export interface RunStartEvent extends AuditBase {
  readonly type: 'run-start';
  readonly resume: boolean;
  readonly stateDir: string;
  readonly configFile: string | null;
  /** The validated config as plain JSON. */
  readonly config: JsonValue;
  readonly configSha256: string;
  readonly seed: number;
  readonly datasetSha256: string | null;
  readonly environment: EnvironmentInfo;
}
export interface TransitionEvent extends AuditBase {
  readonly type: 'transition';
  readonly from: string | null;
  readonly to: string;
  readonly generation: number;
}
export interface AttemptStart extends AuditBase {
  readonly type: 'attempt-start';
  /** `<run>/<stage>/<n>`, unique in the file. */
  readonly id: string;
  /**
   * The logical task, stable across attempts and runs (e.g. `g3/train/trees-0-50`); attempts of one key
   * form a chain.
   */
  readonly key: string;
  readonly stage: string;
  /** The task kind (`featurize`, `train`, `predict`, `desirability`, `oracle`…). */
  readonly task: string;
  readonly generation: number;
  /** 1 for the first try of `key`. */
  readonly attempt: number;
  /** Plain JSON: batch size, trees, timeout_ms… */
  readonly params: JsonObject;
}
export interface AttemptEnd extends AuditBase {
  readonly type: 'attempt-end';
  readonly id: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly class: AttemptClass;
  readonly error: { readonly code: string; readonly message: string } | null;
  /** Peak memory of the attempt (bytes) where known. */
  readonly peakMemoryBytes: number | null;
}
export interface AttemptClosed extends AuditBase {
  readonly type: 'attempt-closed';
  readonly id: string;
  readonly startedAt: string;
  readonly class: 'interrupted';
  /** The run that left the attempt open. */
  readonly openedBy: string;
  readonly reason: string;
}
export interface RoundEvent extends AuditBase {
  readonly type: 'round';
  readonly generation: number;
  readonly labeled: number;
  readonly metrics: Readonly<Record<string, number | null>>;
  readonly seconds: Readonly<Record<string, number>>;
}
export interface NoticeEvent extends AuditBase {
  readonly type: 'notice';
  readonly message: string;
}
export interface RunEndEvent extends AuditBase {
  readonly type: 'run-end';
  readonly status: RunEndStatus;
  readonly exitCode: number;
  readonly error: { readonly code: string; readonly message: string } | null;
}

export type AuditEvent =
  RunStartEvent | TransitionEvent | AttemptStart | AttemptEnd | AttemptClosed | RoundEvent | NoticeEvent | RunEndEvent;
export type AuditEventType = AuditEvent['type'];
export const AUDIT_EVENT_TYPES = [
  'run-start',
  'transition',
  'attempt-start',
  'attempt-end',
  'attempt-closed',
  'round',
  'notice',
  'run-end',
] as const satisfies readonly AuditEventType[];

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** What callers pass to `append`: the log fills in `run` and `at` (an explicit `at` is kept). */
export type AuditEventInput = DistributiveOmit<AuditEvent, 'at' | 'run'> & { readonly at?: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function isAuditEvent(value: unknown): value is AuditEvent {
  return (
    isRecord(value) &&
    typeof value.at === 'string' &&
    typeof value.run === 'string' &&
    (AUDIT_EVENT_TYPES as readonly unknown[]).includes(value.type) &&
    (!String(value.type).startsWith('attempt-') || typeof value.id === 'string')
  );
}
