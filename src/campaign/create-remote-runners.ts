/**
 * The remote runners a campaign's `executor:` names, one per distinct spec, shared by the stages that use
 * it (so that one SLURM poller watches the whole campaign). Local stages get none. Closed once at the end
 * of the run: an interrupted run cancels its remote tasks unless the spec says `keep_on_interrupt`.
 */
import { EXECUTOR_STAGES, executorFor, type ExecutorConfig, type ExecutorSpec } from '../config/executor-schema.js';
import type { ExecutorStage } from '../config/executor-schema.js';
import type { RemoteRunner } from '../remote/remote-task.js';
import { campaignId } from '../remote/task-id.js';
import type { Clock } from '../shared/clock.js';
import { createSlurmRunner } from '../slurm/slurm-runner.js';
import { createBullmqRunner } from '../bullmq/bullmq-runner.js';

export interface RemoteRunnerContext {
  readonly stateDir: string;
  readonly clock: Clock;
  readonly log: (line: string) => void;
}

export interface RemoteRunners {
  /** The runner of a stage's work, or null when it runs locally. */
  forStage(stage: ExecutorStage): RemoteRunner | null;
  /** `interrupted`: the run was stopped by a signal; cancel remote tasks unless `keep_on_interrupt`. */
  close(interrupted: boolean): Promise<void>;
}

type RemoteSpec = Exclude<ExecutorSpec, { kind: 'local' }>;

function createRunner(spec: RemoteSpec, campaign: string, ctx: RemoteRunnerContext): RemoteRunner {
  switch (spec.kind) {
    case 'slurm':
      return createSlurmRunner({ spec, campaign, ...ctx });
    case 'bullmq':
      return createBullmqRunner({ spec, campaign, stateDir: ctx.stateDir, clock: ctx.clock });
  }
}

export function createRemoteRunners(config: ExecutorConfig, ctx: RemoteRunnerContext): RemoteRunners {
  const campaign = campaignId(ctx.stateDir);
  const bySpec = new Map<string, { runner: RemoteRunner; keep: boolean }>();
  const byStage = new Map<ExecutorStage, RemoteRunner>();
  for (const stage of EXECUTOR_STAGES) {
    const spec = executorFor(config, stage);
    if (spec.kind === 'local') continue;
    const key = JSON.stringify(spec);
    let entry = bySpec.get(key);
    if (entry === undefined) {
      entry = { runner: createRunner(spec, campaign, ctx), keep: spec.keep_on_interrupt };
      bySpec.set(key, entry);
    }
    byStage.set(stage, entry.runner);
  }
  return {
    forStage: (stage) => byStage.get(stage) ?? null,
    close: async (interrupted) => {
      await Promise.all([...bySpec.values()].map((e) => e.runner.close({ cancel: interrupted && !e.keep })));
    },
  };
}
