/**
 * What the progress line says, as a pure function of the run's events and the clock: the stage running, its
 * engine call's items done of their total with a rate and an ETA, and the time in the stage. Until the first
 * engine work ends, the run is in its start-up (dataset load, worker threads booting and loading RDKit's
 * WebAssembly), which is named as such instead of being counted as the first stage's slowness. A call whose
 * tasks count steps (a network's epochs) shows those, with their rate and ETA, and its items beside them.
 */
import type { CampaignEventMap } from '../../events/campaign-events.js';
import type { StepProgress } from '../../shared/step-counter.js';
import type { Stage } from '../../shared/vocabulary.js';

export type ProgressEvent =
  | { readonly name: 'stage:start'; readonly payload: CampaignEventMap['stage:start'] }
  | { readonly name: 'stage:progress'; readonly payload: CampaignEventMap['stage:progress'] }
  | { readonly name: 'stage:end'; readonly payload: CampaignEventMap['stage:end'] };

interface CallState {
  readonly kind: string;
  readonly done: number;
  readonly total: number;
  /** When this call's first piece ended, and how much was done then: the rate counts from there. */
  readonly firstAt: number | null;
  readonly firstDone: number;
  readonly steps: StepsState | null;
}

/** A call's steps, with when the first step was seen and how many were done then (their rate counts from there). */
interface StepsState extends StepProgress {
  readonly firstAt: number | null;
  readonly firstDone: number;
}

export interface ProgressState {
  readonly startedAt: number;
  /** When the start-up ended (the first engine work done), or null while it lasts. */
  readonly startupEndedAt: number | null;
  readonly stage: { readonly stage: Stage; readonly generation: number; readonly since: number } | null;
  readonly call: CallState | null;
}

export function initialProgress(now: number): ProgressState {
  return { startedAt: now, startupEndedAt: null, stage: null, call: null };
}

export function nextProgress(state: ProgressState, event: ProgressEvent, now: number): ProgressState {
  switch (event.name) {
    case 'stage:start':
      return {
        ...state,
        stage: { stage: event.payload.stage, generation: event.payload.generation, since: now },
        call: null,
      };
    case 'stage:end':
      return { ...state, startupEndedAt: state.startupEndedAt ?? now, stage: null, call: null };
    case 'stage:progress': {
      const p = event.payload;
      // A call of another kind, or a new call of the same kind (its count starts again), starts a new rate.
      const prev = state.call !== null && state.call.kind === p.kind && p.done >= state.call.done ? state.call : null;
      const started = prev !== null && prev.firstAt !== null;
      const call: CallState = {
        kind: p.kind,
        done: p.done,
        total: p.total,
        firstAt: started ? prev.firstAt : p.done > 0 ? now : null,
        firstDone: started ? prev.firstDone : p.done,
        steps: p.steps === undefined ? null : nextSteps(prev?.steps ?? null, p.steps, now),
      };
      // A step done is engine work done: the start-up is over (a network may train for minutes before its end).
      const worked = p.done > 0 || (p.steps?.done ?? 0) > 0;
      return { ...state, startupEndedAt: state.startupEndedAt ?? (worked ? now : null), call };
    }
  }
}

function nextSteps(prev: StepsState | null, p: StepProgress, now: number): StepsState {
  const started = prev !== null && prev.firstAt !== null && p.done >= prev.done;
  return {
    ...p,
    firstAt: started ? prev.firstAt : p.done > 0 ? now : null,
    firstDone: started ? prev.firstDone : p.done,
  };
}

/** Names of what a task kind's items are (`train` counts trees or networks, as the model has them). */
export interface ProgressUnits {
  readonly featurize: string;
  readonly train: string;
  readonly predict: string;
  readonly oracle: string;
  /** What the steps inside a call's items are, plural (default `steps`; a network's are `epochs`). */
  readonly steps?: string;
}

const seconds = (ms: number) => (ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`);

type Counted = Pick<CallState, 'firstAt' | 'firstDone' | 'done' | 'total'>;

/** Items (or steps) per second since the first one was seen, and the time left at that rate. */
function rateAndEta(call: Counted, now: number): string {
  if (call.firstAt === null || call.done >= call.total) return '';
  const ms = now - call.firstAt;
  const done = call.done - call.firstDone;
  if (ms < 500 || done <= 0) return '';
  const rate = (done / ms) * 1000;
  const left = ((call.total - call.done) / rate) * 1000;
  return `, ${rate >= 10 ? Math.round(rate) : rate.toFixed(1)}/s, ETA ${seconds(left)}`;
}

/**
 * Steps first: one item reads `epoch 14/50`; several read `epochs 64/250, 1/5 networks`, their steps summed (the
 * rate and ETA of the whole call). An item that stopped early is said so, and its steps not run leave the total.
 */
function describeSteps(call: CallState, steps: StepsState, itemUnit: string, stepUnit: string, now: number): string {
  const rate = rateAndEta(steps, now);
  if (steps.items === 1) {
    const one = stepUnit.endsWith('s') ? stepUnit.slice(0, -1) : stepUnit;
    const early = steps.endedEarly > 0 ? ', stopped early' : '';
    return `${one} ${steps.done}/${steps.perItem}${early}${rate}`;
  }
  const early = steps.endedEarly > 0 ? ` (${steps.endedEarly} stopped early)` : '';
  return `${stepUnit} ${steps.done}/${steps.total}, ${call.done}/${call.total} ${itemUnit}${early}${rate}`;
}

/** The progress line, or null when nothing is running (between stages). */
export function describeProgress(state: ProgressState, now: number, units: ProgressUnits): string | null {
  if (state.startupEndedAt === null) {
    return `start-up: loading the dataset, starting worker threads and RDKit (${seconds(now - state.startedAt)})`;
  }
  if (state.stage === null) return null;
  const { stage, generation, since } = state.stage;
  const head = `generation ${generation} ${stage}`;
  const call = state.call;
  if (call === null || call.total === 0) return `${head} (${seconds(now - since)})`;
  const unit = units[call.kind as keyof ProgressUnits] ?? 'items';
  const kind = call.kind === stage ? '' : ` ${call.kind}`;
  const what =
    call.steps === null
      ? `${call.done}/${call.total} ${unit}${rateAndEta(call, now)}`
      : describeSteps(call, call.steps, unit, units.steps ?? 'steps', now);
  return `${head}${kind}: ${what} (${seconds(now - since)})`;
}

/** The line that closes the start-up, once it ended. */
export function describeStartup(state: ProgressState): string | null {
  if (state.startupEndedAt === null) return null;
  return `start-up: ${seconds(state.startupEndedAt - state.startedAt)} (dataset, worker threads, RDKit) before the first results`;
}
