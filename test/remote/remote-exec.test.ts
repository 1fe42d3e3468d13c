/**
 * Engine tasks through `withRemoteStages`: a stage with a remote runner sends its attempts there (here a
 * runner that runs them in this process, as `alcove task` would), others stay local; a failed remote run
 * comes back as the error its class maps to, and the next task of the stage asks for more resources.
 */
import { describe, expect, it } from 'vitest';
import type { Exec, Executor } from '../../src/pool/executor.js';
import { classifyFailure } from '../../src/pool/classify-failure.js';
import { withRemoteStages } from '../../src/remote/remote-exec.js';
import type { RemoteOutcome, RemoteRunner, RemoteSubmission } from '../../src/remote/remote-task.js';
import { runRemoteTask } from '../../src/remote/run-remote-task.js';

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
