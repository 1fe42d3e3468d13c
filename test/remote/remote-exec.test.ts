/**
 * Engine tasks through `withRemoteStages`: a stage with a remote runner sends its attempts there (here a
 * runner that runs them in this process, as `alcove task` would), others stay local; a failed remote run
 * comes back as the error its class maps to, and the next task of the stage asks for more resources. A
 * network's epoch counter (shared memory) stays on this side: remote stages count no steps.
 */
import { describe, expect, it } from 'vitest';
import type { Exec, Executor } from '../../src/pool/executor.js';
import { classifyFailure } from '../../src/pool/classify-failure.js';
import { withRemoteStages } from '../../src/remote/remote-exec.js';
import type { RemoteOutcome, RemoteRunner, RemoteSubmission } from '../../src/remote/remote-task.js';
import { runRemoteTask } from '../../src/remote/run-remote-task.js';
import { mlpParams } from '../../src/engines/mlp/mlp-params.js';
import type { BitMatrix } from '../../src/shared/features.js';
import { createStepCounter } from '../../src/shared/step-counter.js';
import type { WorkerTask } from '../../src/shared/tasks.js';

/** A local executor whose `run` must not be called for remote stages. */
function localOnly(calls: string[]): Executor {
  return {
    context: (generation) =>
      ({
        generation,
        maxFailureRate: 0,
        threads: () => 1,
        call: (_s, _k, body) => body(() => undefined),
        supervise: () => Promise.reject(new Error('not used')),
        run: (stage) => {
          calls.push(stage);
          return Promise.reject(new Error('local run'));
        },
      }) as Exec,
  };
}

function runnerOf(answer: (sub: RemoteSubmission) => Promise<RemoteOutcome>) {
  const seen: RemoteSubmission[] = [];
  const runner: RemoteRunner = {
    kind: 'fake',
    run: (sub) => {
      seen.push(sub);
      return answer(sub);
    },
    close: () => Promise.resolve(),
  };
  return { runner, seen };
}

describe('withRemoteStages', () => {
  it("runs a remote stage's task through the runner and gives its result as the pool would", async () => {
    const local: string[] = [];
    const { runner, seen } = runnerOf(async (sub) => {
      const run = await runRemoteTask(sub.task);
      return { class: 'ok', result: run.result, ms: run.ms };
    });
    const exec = withRemoteStages(localOnly(local), (stage) => (stage === 'featurize' ? runner : null)).context(4);
    const out = await exec.run('featurize', { type: 'desirability', smiles: ['CCO'] }, new AbortController().signal);
    expect(out.value.type).toBe('desirability');
    expect(seen[0]?.id).toMatch(/^featurize-g4-cdesirability-a1-[0-9a-f]{10}$/);
    // The same task again (a retry) is its second attempt: another id.
    await exec.run('featurize', { type: 'desirability', smiles: ['CCO'] }, new AbortController().signal);
    expect(seen[1]?.id).toMatch(/-a2-/);
    await expect(exec.run('train', { type: 'desirability', smiles: [] }, new AbortController().signal)).rejects.toThrow(
      'local run',
    );
    expect(local).toEqual(['train']);
  });

  it.each([
    ['timeout', 'timeout'],
    ['oom', 'oom'],
    ['lost', 'lost'],
    ['crash', 'crash'],
  ] as const)('a remote %s is classified %s, and the next task asks for more', async (cls, expected) => {
    const { runner, seen } = runnerOf(() => Promise.resolve({ class: cls, message: `it ended ${cls}`, ms: 1 }));
    const exec = withRemoteStages(localOnly([]), () => runner).context(0);
    const error = await exec
      .run('explore', { type: 'desirability', smiles: ['C'] }, new AbortController().signal)
      .catch((e: unknown) => e);
    expect(classifyFailure(error, { timedOut: false, interrupted: false }).cls).toBe(expected);
    await exec.run('explore', { type: 'desirability', smiles: ['C'] }, new AbortController().signal).catch(() => 0);
    const grown = { oom: { mem: 2, time: 1 }, timeout: { mem: 1, time: 2 } } as Record<string, unknown>;
    expect(seen[1]?.scale).toEqual(grown[cls] ?? { mem: 1, time: 1 });
  });
});

describe('withRemoteStages: step counters', () => {
  /** A local context that counts steps for any stage, and records what its `run` was given. */
  function counting(ran: WorkerTask[]): Executor {
    return {
      context: (generation) =>
        ({
          generation,
          maxFailureRate: 0,
          threads: () => 1,
          call: (_s, _k, body) => body(() => undefined),
          supervise: () => Promise.reject(new Error('not used')),
          countSteps: (_s, _k, items) => createStepCounter(items),
          run: (_stage, task) => {
            ran.push(task);
            return Promise.reject(new Error('local run'));
          },
        }) as Exec,
    };
  }
  const params = mlpParams({ hidden: [4], epochs: 2 });
  const X: BitMatrix = { kind: 'bits', rows: 1, bits: 8, bytesPerRow: 1, data: new Uint8Array(1) };
  const task = { type: 'train-mlp', X, rows: Int32Array.of(0), y: Float64Array.of(1), params, member: 0 } as const;

  it('a remote stage counts no steps, and a task sent away goes without its counter (same id)', async () => {
    const { runner, seen } = runnerOf(() => Promise.resolve({ class: 'crash', message: 'gone', ms: 1 }));
    const exec = withRemoteStages(counting([]), (stage) => (stage === 'train' ? runner : null)).context(1);
    expect(exec.countSteps?.('train', 'train', 2, 50)).toBeNull();
    expect(exec.countSteps?.('explore', 'predict', 2, 50)).toBeInstanceOf(SharedArrayBuffer);
    const signal = new AbortController().signal;
    await exec.run('train', { ...task, epochCounter: createStepCounter(1) }, signal).catch(() => 0);
    const other = withRemoteStages(counting([]), () => runner).context(1);
    await other.run('train', task, signal).catch(() => 0);
    expect(seen[0]?.task).toEqual({ kind: 'engine', task });
    expect(seen[0]?.id).toBe(seen[1]?.id);
  });

  it('a local stage keeps the counter on its task', async () => {
    const ran: WorkerTask[] = [];
    const exec = withRemoteStages(counting(ran), () => null).context(1);
    const epochCounter = createStepCounter(1);
    await exec.run('train', { ...task, epochCounter }, new AbortController().signal).catch(() => 0);
    expect(ran[0]).toMatchObject({ epochCounter });
  });
});
