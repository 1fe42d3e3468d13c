/**
 * The grand-mock integration test: every engine is a fake, the real machine and checkpointing run.
 * Generation 0 finds uncertain molecules, generation 1 has converged, and the campaign stops.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeActor } from './fake-actor.js';
import { campaignMachine } from '../../src/machine/campaign-machine.js';
import type {
  CampaignPlan,
  EvaluateInput,
  EvaluateOutput,
  ExploreInput,
  ExploreOutput,
  FeaturizeInput,
  FeaturizeOutput,
  TrainInput,
  TrainOutput,
} from '../../src/machine/campaign-types.js';
import { createMemoJson, readCheckpoint } from '../../src/state/checkpoint.js';
import { toActors } from '../../src/campaign/campaign-actors.js';
import { driveCampaign } from '../../src/campaign/drive-campaign.js';
import type { CampaignEventMap, TransitionTiming } from '../../src/events/campaign-events.js';
import { createSupervisor } from '../../src/pool/supervisor.js';
import { createFakeClock, type FakeClock } from '../../src/shared/clock.js';
import type { Stage } from '../../src/shared/vocabulary.js';
import { createEventBus, type EventBus } from '../../src/shared/event-bus.js';

const plan: CampaignPlan = { generations: 5, patience: 1, minDelta: 0.01, maxFailureRate: 0.5, headline: 'r2' };

const bus = () => createEventBus<CampaignEventMap>();

interface Calls {
  featurize: FeaturizeInput[];
  explore: ExploreInput[];
  train: TrainInput[];
  evaluate: EvaluateInput[];
}

/** Fake stages over a pool of 10 molecules; molecule 9 has an invalid SMILES. Synchronous: see `asActors`. */
function fakeStages(calls: Calls) {
  // Model uncertainty per molecule: high for 5..8 before any of them is labeled.
  const uncertainty = (labeled: readonly number[]) =>
    Array.from({ length: 10 }, (_, i) => (labeled.includes(i) ? 0 : i >= 5 && i <= 8 ? 1 : 0.1));
  return {
    featurize: (input: FeaturizeInput): FeaturizeOutput => {
      calls.featurize.push(input);
      return { invalid: [9], seconds: 0.1 };
    },
    explore: (input: ExploreInput): ExploreOutput => {
      calls.explore.push(input);
      if (input.generation === 0) {
        return {
          generation: 0,
          acquired: [0, 1, 2],
          labels: [1, 2, 3],
          oracleCalls: 3,
          oracleFailures: 0,
          seconds: 0.2,
        };
      }
      const u = uncertainty(input.labeled);
      const candidates = [...u.keys()].filter((i) => !input.labeled.includes(i) && !input.invalid.includes(i));
      const acquired = candidates.sort((a, b) => (u[b] ?? 0) - (u[a] ?? 0) || a - b).slice(0, 2);
      return {
        generation: input.generation,
        acquired,
        labels: acquired.map((i) => i * 10),
        oracleCalls: 2,
        oracleFailures: 0,
        seconds: 0.2,
      };
    },
    train: (input: TrainInput): TrainOutput => {
      calls.train.push(input);
      return { modelKey: `model-${input.generation}-${input.labeled.length}`, seconds: 0.3 };
    },
    evaluate: (input: EvaluateInput): EvaluateOutput => {
      calls.evaluate.push(input);
      // Converged: the headline stops improving after generation 0.
      return { metrics: { r2: 0.8, rmse: 1 }, candidatesLeft: 9 - input.labeled.length, seconds: 0.4 };
    },
  };
}

type FakeStages = ReturnType<typeof fakeStages>;

const fake = fakeActor;

/** The stages as the machine's actors. */
function asActors(stages: FakeStages) {
  return {
    featurize: fake(stages.featurize),
    explore: fake(stages.explore),
    train: fake(stages.train),
    evaluate: fake(stages.evaluate),
  };
}

const fakeEngines = (calls: Calls) => asActors(fakeStages(calls));

function withListener<K extends keyof CampaignEventMap>(
  events: EventBus<CampaignEventMap>,
  name: K,
  listener: (payload: CampaignEventMap[K]) => void,
): EventBus<CampaignEventMap> {
  events.on(name, listener);
  return events;
}

describe('grand mock: the campaign machine with fake engines', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('runs generation 0, generation 1 (converged) and stops, checkpointing every transition', async () => {
    dir = mkdtempSync(join(tmpdir(), 'alcove-grand-mock-'));
    const checkpointPath = join(dir, 'state.json');
    const calls: Calls = { featurize: [], explore: [], train: [], evaluate: [] };
    const visited: string[] = [];
    const checkpoints: { value: unknown; generation: number; labeled: number }[] = [];
    const result = await driveCampaign({
      machine: campaignMachine.provide({ actors: fakeEngines(calls) }),
      plan,
      checkpointPath,
      configHash: 'cfg',
      clock: createFakeClock(1_700_000_000_000),
      events: withListener(bus(), 'machine:transition', ({ to }) => {
        visited.push(to);
        const env = readCheckpoint(checkpointPath, 'cfg');
        checkpoints.push({
          value: env.snapshot.value,
          generation: env.snapshot.context.generation,
          labeled: env.snapshot.context.labeled.length,
        });
      }),
    });

    expect(result.status).toBe('done');
    expect(visited).toEqual([
      'idle',
      'featurize',
      'explore',
      'featurize',
      'train',
      'evaluate',
      'explore',
      'featurize',
      'train',
      'evaluate',
      'done',
    ]);
    // The checkpoint on disk after each transition is that transition's state.
    expect(checkpoints.map((c) => c.value)).toEqual(visited);
    expect(checkpoints.map((c) => c.labeled)).toEqual([0, 0, 0, 3, 3, 3, 3, 5, 5, 5, 5]);

    // Data passed between stages.
    expect(calls.explore[0]).toMatchObject({ generation: 0, labeled: [], modelKey: null, invalid: [9] });
    expect(calls.train[0]).toEqual({ generation: 0, labeled: [0, 1, 2], labels: [1, 2, 3] });
    expect(calls.evaluate[0]).toMatchObject({ generation: 0, modelKey: 'model-0-3', labeled: [0, 1, 2] });
    // Generation 1's explore gets generation 0's model and finds the uncertain molecules 5 and 6.
    expect(calls.explore[1]).toMatchObject({ generation: 1, modelKey: 'model-0-3', labeled: [0, 1, 2] });
    expect(calls.train[1]).toEqual({ generation: 1, labeled: [0, 1, 2, 5, 6], labels: [1, 2, 3, 50, 60] });
    expect(calls.evaluate[1]?.modelKey).toBe('model-1-5');

    const ctx = result.context;
    expect(ctx.stopReason).toBe('converged');
    expect(ctx.history.map((r) => [r.generation, r.labeled])).toEqual([
      [0, 3],
      [1, 5],
    ]);
    expect(ctx.history[0]?.seconds).toEqual({ featurize: 0.2, explore: 0.2, train: 0.3, evaluate: 0.4 });
    expect(ctx.acquiredIn).toEqual([0, 0, 0, 1, 1]);
    expect(ctx.oracleCalls).toBe(5);
    expect(readCheckpoint(checkpointPath, 'cfg').snapshot.value).toBe('done');
  });

  it('reports what each transition cost (step, checkpoint, observers) and leaves no temp files', async () => {
    dir = mkdtempSync(join(tmpdir(), 'alcove-grand-mock-'));
    const checkpointPath = join(dir, 'state.json');
    // A temp file a killed writer left behind is cleared when the next writer starts.
    writeFileSync(join(dir, '.state.json.999.0.tmp'), 'half a checkpoint');
    const calls: Calls = { featurize: [], explore: [], train: [], evaluate: [] };
    const clock = createFakeClock(0);
    const timings: TransitionTiming[] = [];
    const result = await driveCampaign({
      machine: campaignMachine.provide({ actors: fakeEngines(calls) }),
      plan,
      checkpointPath,
      configHash: 'cfg',
      clock,
      // The listeners of each transition take 2 ms on the fake clock: 1 ms each for the checkpoint's and the
      // transition's. The timing's own listeners come after the measurement.
      events: withListener(
        withListener(
          withListener(bus(), 'checkpoint:written', () => clock.advance(1)),
          'machine:transition',
          () => clock.advance(1),
        ),
        'machine:timing',
        (t) => {
          timings.push(t);
          clock.advance(5);
        },
      ),
    });
    expect(result.status).toBe('done');
    expect(timings.map((t) => t.to)).toEqual([
      'idle',
      'featurize',
      'explore',
      'featurize',
      'train',
      'evaluate',
      'explore',
      'featurize',
      'train',
      'evaluate',
      'done',
    ]);
    expect(timings.map((t) => t.from)).toEqual([
      null,
      'idle',
      'featurize',
      'explore',
      'featurize',
      'train',
      'evaluate',
      'explore',
      'featurize',
      'train',
      'evaluate',
    ]);
    expect(timings.every((t) => t.observers_ms === 2 && t.checkpoint_ms === 0 && t.step_ms >= 0)).toBe(true);
    expect(readdirSync(dir)).toEqual(['state.json']);
    expect(readCheckpoint(checkpointPath, 'cfg').snapshot.value).toBe('done');
  });

  it('fails a batch whose oracle failures exceed the threshold, and retries it on resume', async () => {
    dir = mkdtempSync(join(tmpdir(), 'alcove-grand-mock-'));
    const checkpointPath = join(dir, 'state.json');
    const calls: Calls = { featurize: [], explore: [], train: [], evaluate: [] };
    let oracleDown = true;
    const engines = {
      ...fakeEngines(calls),
      explore: fake((input: ExploreInput): ExploreOutput => {
        calls.explore.push(input);
        const labels = oracleDown ? [null, null, 3] : [1, 2, 3];
        return {
          generation: 0,
          acquired: [0, 1, 2],
          labels,
          oracleCalls: 3,
          oracleFailures: labels.filter((l) => l === null).length,
          seconds: 0,
        };
      }),
    };
    const machine = campaignMachine.provide({ actors: engines });
    const clock = createFakeClock(0);
    const first = await driveCampaign({
      machine,
      plan: { ...plan, generations: 0 },
      checkpointPath,
      configHash: 'c',
      clock,
      events: bus(),
    });
    expect(first.status).toBe('failed');
    expect(first.context.error?.stage).toBe('explore');
    expect(first.context.error?.message).toMatch(/2 of 3 oracle calls failed/);
    expect(first.context.labeled).toEqual([]);

    oracleDown = false;
    const saved = readCheckpoint(checkpointPath, 'c');
    const second = await driveCampaign({
      machine,
      plan: { ...plan, generations: 0 },
      snapshot: saved.snapshot,
      checkpointPath,
      configHash: 'c',
      clock,
      events: bus(),
    });
    expect(second.status).toBe('done');
    expect(second.context.labeled).toEqual([0, 1, 2]);
    expect(second.context.error).toBeNull();
    expect(second.context.oracleCalls).toBe(6);
  });
});

/**
 * The fake stages, reporting on the bus as the real stage actors do: `stage:start`, one supervised
 * attempt (its work takes 3 ms on the fake clock), `stage:end`.
 */
function reportingStages(calls: Calls, events: EventBus<CampaignEventMap>, clock: FakeClock) {
  const supervisor = createSupervisor(clock, events, 'R');
  const stages = fakeStages(calls);
  const reported =
    <I extends { generation: number }, O>(stage: Stage, inner: (input: I) => O) =>
    async (input: I): Promise<O> => {
      events.emit('stage:start', { stage, generation: input.generation });
      await supervisor.supervise({
        stage,
        kind: stage === 'explore' || stage === 'evaluate' ? 'predict' : stage,
        generation: input.generation,
        items: [0, 1],
        profile: { retries: 0, backoffS: 0, timeoutS: 60 },
        run: () => {
          clock.advance(3);
          return Promise.resolve({ value: null });
        },
      });
      const out = inner(input);
      events.emit('stage:end', { stage, generation: input.generation, ms: 3, detail: {} });
      return out;
    };
  return {
    featurize: reported('featurize', stages.featurize),
    explore: reported('explore', stages.explore),
    train: reported('train', stages.train),
    evaluate: reported('evaluate', stages.evaluate),
  };
}

/** Every event of the run, in emission order, as one short line each. */
function recordAll(events: EventBus<CampaignEventMap>): string[] {
  const lines: string[] = [];
  const on = <K extends keyof CampaignEventMap>(name: K, text: (p: CampaignEventMap[K]) => string) =>
    events.on(name, (p) => void lines.push(`${name} ${text(p)}`.trim()));
  on('run:start', (p) => p.state);
  on('run:end', (p) => `${p.status} in ${p.state}`);
  on('checkpoint:written', (p) => p.state);
  on('machine:transition', (p) => `${p.from ?? '-'}>${p.to}`);
  on('machine:timing', () => '');
  on('stage:start', (p) => `${p.stage}:${p.generation}`);
  on('stage:end', (p) => `${p.stage}:${p.generation}`);
  on('round:end', (p) => `${p.round.generation}`);
  on('attempt:start', (p) => `${p.record.stage}#${p.record.attempt}`);
  on('attempt:end', (p) => `${p.record.stage}#${p.record.attempt} ${p.record.class ?? ''}`);
  on('notice', (p) => p.message);
  return lines;
}

describe('grand mock: the event map of a run', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('emits every event of a small campaign in order', async () => {
    dir = mkdtempSync(join(tmpdir(), 'alcove-grand-mock-'));
    const clock = createFakeClock(0);
    const events = bus();
    const lines = recordAll(events);
    const calls: Calls = { featurize: [], explore: [], train: [], evaluate: [] };
    const result = await driveCampaign({
      // The real stage actors' wrapper: a stage's work begins after the transition's listeners.
      machine: campaignMachine.provide({ actors: toActors(reportingStages(calls, events, clock)) }),
      plan: { ...plan, generations: 0 },
      checkpointPath: join(dir, 'state.json'),
      configHash: 'c',
      clock,
      events,
    });
    expect(result.status).toBe('done');
    // A transition: its checkpoint, the transition, the round it closed (if any), its timing. Then the
    // stage it entered runs: start, its attempt (start before end), end.
    const transition = (from: string, to: string) => [`checkpoint:written ${to}`, `machine:transition ${from}>${to}`];
    const stage = (name: string, generation: number) => [
      `stage:start ${name}:${generation}`,
      `attempt:start ${name}#1`,
      `attempt:end ${name}#1 ok`,
      `stage:end ${name}:${generation}`,
    ];
    expect(lines).toEqual([
      ...transition('-', 'idle'),
      'machine:timing',
      'run:start idle',
      ...transition('idle', 'featurize'),
      'machine:timing',
      ...stage('featurize', 0),
      ...transition('featurize', 'explore'),
      'machine:timing',
      ...stage('explore', 0),
      ...transition('explore', 'featurize'),
      'machine:timing',
      ...stage('featurize', 0),
      ...transition('featurize', 'train'),
      'machine:timing',
      ...stage('train', 0),
      ...transition('train', 'evaluate'),
      'machine:timing',
      ...stage('evaluate', 0),
      ...transition('evaluate', 'done'),
      'round:end 0',
      'machine:timing',
      'run:end done in done',
    ]);
  });

  it('goes on past a throwing and a rejecting listener, reporting each once as a notice', async () => {
    dir = mkdtempSync(join(tmpdir(), 'alcove-grand-mock-'));
    const events = bus();
    const notices: string[] = [];
    const visited: string[] = [];
    events.on('notice', ({ message }) => void notices.push(message));
    events.on('machine:transition', () => {
      throw new Error('status page broke');
    });
    events.on('round:end', async () => {
      await Promise.resolve();
      throw new Error('progress line broke');
    });
    // Listeners after the failing one still hear every transition.
    events.on('machine:transition', ({ to }) => void visited.push(to));
    const calls: Calls = { featurize: [], explore: [], train: [], evaluate: [] };
    const result = await driveCampaign({
      machine: campaignMachine.provide({ actors: fakeEngines(calls) }),
      plan,
      checkpointPath: join(dir, 'state.json'),
      configHash: 'c',
      clock: createFakeClock(0),
      events,
    });
    expect(result.status).toBe('done');
    expect(result.context.history).toHaveLength(2);
    expect(visited).toHaveLength(11);
    expect(notices).toEqual([
      "listener for 'machine:transition' failed: status page broke",
      "listener for 'round:end' failed: progress line broke",
    ]);
  });
});

describe('the failure-share threshold (failures.max_rate 0.5)', () => {
  async function runWithFailures(failed: number) {
    const dir = mkdtempSync(join(tmpdir(), 'alcove-threshold-'));
    try {
      const calls: Calls = { featurize: [], explore: [], train: [], evaluate: [] };
      const acquired = Array.from({ length: 10 }, (_, i) => i);
      const engines = {
        ...fakeEngines(calls),
        explore: fake((_: ExploreInput): ExploreOutput => ({
          generation: 0,
          acquired,
          labels: acquired.map((i) => (i < failed ? null : i)),
          oracleCalls: 10,
          oracleFailures: failed,
          seconds: 0,
        })),
        evaluate: fake((_: EvaluateInput): EvaluateOutput => ({
          metrics: {},
          candidatesLeft: 90,
          seconds: 0,
        })),
      };
      return await driveCampaign({
        machine: campaignMachine.provide({ actors: engines }),
        plan: { ...plan, generations: 0 },
        checkpointPath: join(dir, 'state.json'),
        configHash: 'c',
        clock: createFakeClock(0),
        events: bus(),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('goes on at exactly 50% failed (5 of 10) with the successes', async () => {
    const r = await runWithFailures(5);
    expect(r.status).toBe('done');
    expect(r.context.labels.filter((l) => l !== null)).toHaveLength(5);
    expect(r.context.oracleFailures).toBe(5);
  });

  it('fails just over 50% (6 of 10), checkpointed in failed', async () => {
    const r = await runWithFailures(6);
    expect(r.status).toBe('failed');
    expect(r.context.error?.message).toMatch(/6 of 10 oracle calls failed/);
  });
});

describe('createMemoJson', () => {
  it('writes what JSON.stringify writes, and reuses the text of a large frozen array', () => {
    const json = createMemoJson();
    const big = Object.freeze(Array.from({ length: 100 }, (_, i) => (i % 7 === 0 ? null : i / 3)));
    const open = Array.from({ length: 100 }, (_, i) => i);
    const value = {
      a: 1,
      b: 'x"y',
      c: [1, undefined, () => 2, { d: big }],
      e: undefined,
      f: () => 3,
      g: { big, open, when: new Date(0), nan: Number.NaN, nested: { big } },
      '2': true,
    };
    expect(json(value)).toBe(JSON.stringify(value));
    expect(json(big)).toBe(JSON.stringify(big));
    // A frozen array cannot change; an open one is serialised afresh every time.
    open[0] = 99;
    expect(json(value)).toBe(JSON.stringify(value));
    const snapshot = {
      status: 'active',
      value: 'train',
      context: { labeled: big, labels: big },
      children: { train: { input: { labeled: big } } },
    };
    expect(JSON.parse(json(snapshot))).toEqual(JSON.parse(JSON.stringify(snapshot)));
  });
});
