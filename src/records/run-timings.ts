/**
 * What the rounds' stage seconds do not tell, taken from the event map while a run goes: its start-up
 * (dataset, worker threads booting, RDKit's WebAssembly: the time before the first engine work ended,
 * as the progress line counts it) and the ground truth's seconds inside evaluate (a benchmark's oracle
 * labeling the whole pool once, which a real campaign never pays). Known to the run that measured them
 * only: a page rebuilt from the state folder later shows the stage seconds alone.
 */
import type { StatusStartup } from '../dashboard/status-input.js';
import type { CampaignEventMap } from '../events/campaign-events.js';
import type { Clock } from '../shared/clock.js';
import type { EventBus } from '../shared/event-bus.js';
import type { Stage } from '../shared/vocabulary.js';

export interface RunTimings {
  /** The start-up once it ended; null while it lasts. */
  startup(): StatusStartup | null;
  /** Seconds evaluate spent on the oracle's ground truth, by generation (only where it took any). */
  truthSeconds(): { generation: number; seconds: number }[];
  off(): void;
}

export function createRunTimings(events: EventBus<CampaignEventMap>, clock: Clock): RunTimings {
  const startedAt = clock.monotonic();
  let current: { stage: Stage; generation: number; since: number } | null = null;
  let startup: StatusStartup | null = null;
  const truth = new Map<number, number>();
  const endStartup = () => {
    if (startup !== null || current === null) return;
    const now = clock.monotonic();
    startup = {
      generation: current.generation,
      stage: current.stage,
      seconds: (now - startedAt) / 1000,
      inStage: (now - current.since) / 1000,
    };
  };
  const offs = [
    events.on('stage:start', ({ stage, generation }) => {
      current = { stage, generation, since: clock.monotonic() };
    }),
    events.on('stage:progress', (p) => {
      // A network's first epoch is engine work done, as the progress line counts it.
      if (p.done > 0 || (p.steps?.done ?? 0) > 0) endStartup();
    }),
    events.on('stage:end', ({ stage, generation, detail }) => {
      endStartup();
      const ms = detail.truth_ms;
      // Under 50 ms is a truth already known (cached), not worth a bar of its own.
      if (stage === 'evaluate' && typeof ms === 'number' && ms >= 50) truth.set(generation, ms / 1000);
    }),
  ];
  return {
    startup: () => startup,
    truthSeconds: () => [...truth].map(([generation, seconds]) => ({ generation, seconds })),
    off: () => {
      for (const off of offs) off();
    },
  };
}
