import { describe, expect, it } from 'vitest';
import type { CampaignEventMap } from '../../src/events/campaign-events.js';
import { createRunTimings } from '../../src/records/run-timings.js';
import { createFakeClock } from '../../src/shared/clock.js';
import { createEventBus } from '../../src/shared/event-bus.js';

describe('createRunTimings', () => {
  it('ends the start-up at the first engine work done, counting the part inside the first stage', () => {
    const clock = createFakeClock(1000);
    const events = createEventBus<CampaignEventMap>();
    const t = createRunTimings(events, clock);
    clock.advance(4000); // dataset, before any stage
    events.emit('stage:start', { stage: 'featurize', generation: 0 });
    events.emit('stage:progress', { stage: 'featurize', kind: 'featurize', generation: 0, done: 0, total: 100 });
    clock.advance(6000); // worker threads and RDKit booting
    expect(t.startup()).toBeNull();
    events.emit('stage:progress', { stage: 'featurize', kind: 'featurize', generation: 0, done: 20, total: 100 });
    clock.advance(3000);
    events.emit('stage:end', { stage: 'featurize', generation: 0, ms: 9000, detail: {} });
    expect(t.startup()).toEqual({ generation: 0, stage: 'featurize', seconds: 10, inStage: 6 });
    t.off();
  });

  it('keeps the ground truth seconds of evaluate, not a cached truth', () => {
    const clock = createFakeClock(0);
    const events = createEventBus<CampaignEventMap>();
    const t = createRunTimings(events, clock);
    events.emit('stage:start', { stage: 'evaluate', generation: 0 });
    events.emit('stage:end', { stage: 'evaluate', generation: 0, ms: 25_000, detail: { truth_ms: 24_000 } });
    events.emit('stage:start', { stage: 'evaluate', generation: 1 });
    events.emit('stage:end', { stage: 'evaluate', generation: 1, ms: 90, detail: { truth_ms: 0.3 } });
    expect(t.truthSeconds()).toEqual([{ generation: 0, seconds: 24 }]);
    t.off();
    events.emit('stage:end', { stage: 'evaluate', generation: 2, ms: 25_000, detail: { truth_ms: 24_000 } });
    expect(t.truthSeconds()).toHaveLength(1);
  });
});
