/**
 * Builds the dashboard's and the report's input from what a campaign run knows: the machine context,
 * the config, the dataset and the audit events.
 */
import type { CampaignConfig } from '../config/campaign-schema.js';
import { batchSpecAt, resolveCallBudget } from '../config/batch-schedule.js';
import { resolveCount } from '../config/campaign-schema.js';
import type { ReportArtifact, ReportInput } from '../dashboard/report-input.js';
import type { StatusEvent, StatusInput } from '../dashboard/status-input.js';
import type { CampaignContext } from '../machine/campaign-types.js';
import { expectedRandomTopk } from '../strategies/metrics.js';
import type { AuditEvent } from './audit-events.js';
import { summarizeAttempts } from './summarize-attempts.js';
import { headlineMetric, isMeaningfulMetric } from '../strategies/objective.js';
import type { CampaignStatus, DatasetInfo } from '../state/campaign-db.js';
import type { RunTimings } from './run-timings.js';
import { timingsFromAudit } from './timings-from-audit.js';
import {
  batchPicks,
  bestMolecules,
  describeLabel,
  heldOutPredictions,
  labelsByGeneration,
  predictionsAtAcquisition,
} from './status-molecules.js';
import type { StructureDrawer } from './structure-drawer.js';
import type { StringColumn } from '../shared/smiles-store.js';

export interface StatusSources {
  readonly config: CampaignConfig;
  readonly configFile: string;
  readonly dataset: { readonly path: string; readonly smiles: StringColumn; readonly ids: StringColumn };
  readonly context: CampaignContext;
  readonly state: string;
  readonly status: CampaignStatus;
  readonly startedAt: number;
  readonly now: number;
  readonly audit: readonly AuditEvent[];
  /** Draws the molecules shown; without it the page shows their SMILES alone. */
  readonly drawer?: StructureDrawer;
  /** The run's start-up and ground-truth seconds, known to the run that measured them. */
  readonly timings?: RunTimings;
}

const MAX_EVENTS = 10;

function describeEvent(e: AuditEvent): StatusEvent | null {
  const at = Date.parse(e.at);
  switch (e.type) {
    case 'transition':
      return { at, kind: 'transition', message: `${e.from ?? 'start'} → ${e.to} (generation ${e.generation})` };
    case 'attempt-end':
      return e.class === 'ok'
        ? null
        : { at, kind: `task-${e.class}`, message: `${e.id}: ${e.error?.message ?? e.class}` };
    case 'attempt-closed':
      return { at, kind: 'task-interrupted', message: `${e.id} closed: ${e.reason}` };
    case 'round':
      return { at, kind: 'round', message: `generation ${e.generation}: ${e.labeled} labeled` };
    case 'notice':
      return { at, kind: 'notice', message: e.message };
    case 'run-start':
      return { at, kind: 'run-start', message: e.resume ? 'resumed' : 'started' };
    case 'run-end':
      return { at, kind: 'run-end', message: `${e.status} (exit ${e.exitCode})` };
    case 'attempt-start':
      return null;
  }
}

/** The acquirable pool and the molecules labeled when the budget is spent. */
function poolAndBudget(s: StatusSources): { poolSize: number; budget: number } {
  const { config, context: ctx } = s;
  // Batch sizes resolve against the valid pool (as explore does); the acquirable pool leaves out the test set.
  const validSize = s.dataset.smiles.length - (ctx.invalid?.length ?? 0);
  const poolSize = validSize - ctx.test.length;
  // A first batch named by `initial_from` is as large as it turned out (known once acquired).
  const firstBatch = ctx.acquiredIn.filter((g) => g === 0).length;
  const initial =
    config.campaign.initial_from !== null && firstBatch > 0
      ? firstBatch
      : resolveCount(config.campaign.initial, validSize);
  let planned = initial;
  for (let g = 1; g <= config.campaign.generations; g++) {
    planned += resolveCount(batchSpecAt(config.campaign, g), validSize);
  }
  // A call budget also counts the held-out set's calls, and not the imported labels.
  const calls = resolveCallBudget(config.campaign, s.dataset.smiles.length);
  const budget = Math.min(
    poolSize,
    planned,
    calls === null ? Number.POSITIVE_INFINITY : Math.max(0, calls - ctx.test.length) + (ctx.imported ?? 0),
  );
  return { poolSize, budget };
}

export function buildStatusInput(s: StatusSources): StatusInput {
  const { config, context: ctx } = s;
  const { poolSize, budget } = poolAndBudget(s);
  const headline = headlineMetric(config);
  const screening = headline.startsWith('topk');
  // The newest few, scanning back from the end (the audit grows by hundreds of attempts per campaign).
  const events: StatusEvent[] = [];
  for (let i = s.audit.length - 1; i >= 0 && events.length < MAX_EVENTS; i--) {
    const e = s.audit[i];
    const described = e === undefined ? null : describeEvent(e);
    if (described !== null) events.unshift(described);
  }
  const failures = [
    ...s.audit.flatMap((e) =>
      e.type === 'attempt-end' && e.class !== 'ok' && e.class !== 'interrupted'
        ? [`${e.id.split('/').slice(-2, -1)[0] ?? ''} ${e.class}: ${e.error?.message ?? ''}`]
        : [],
    ),
    ...(ctx.error ? [`${ctx.error.stage} failed: ${ctx.error.message}`] : []),
  ].slice(-5);
  return {
    campaign: {
      name: config.name,
      configFile: s.configFile,
      datasetPath: s.dataset.path,
      task: config.task,
      objective: config.objective,
      strategy: config.acquisition.strategy,
    },
    state: s.state,
    status: s.status,
    generation: ctx.generation,
    generations: config.campaign.generations,
    labeled: ctx.labeled.length,
    budget,
    poolSize,
    startedAt: s.startedAt,
    now: s.now,
    headline,
    randomBaseline: ctx.history.map((r) =>
      screening && poolSize > 0 ? expectedRandomTopk(r.labeled, poolSize) : null,
    ),
    // The top-k of 0/1 labels or of uncertainty picks means nothing: not shown (the checkpoint keeps it).
    history: ctx.history.map((r) => ({
      ...r,
      metrics: Object.fromEntries(Object.entries(r.metrics).filter(([name]) => isMeaningfulMetric(config, name))),
    })),
    tasks: summarizeAttempts(s.audit),
    events,
    failures,
    best: bestMolecules(s),
    stopReason: ctx.stopReason,
    label: describeLabel(config, s.dataset.path),
    picks: batchPicks(s),
    predictions: predictionsAtAcquisition(s),
    labels: labelsByGeneration(ctx),
    heldOut: heldOutPredictions(s),
    // Measured by this run; or, for a page rebuilt later, read back from the audit trail.
    ...(s.timings === undefined
      ? timingsFromAudit(s.audit)
      : { startup: s.timings.startup(), truthSeconds: s.timings.truthSeconds() }),
  };
}

export function buildReportInput(
  s: StatusSources,
  extra: { dataset: DatasetInfo; configSha256: string; artifacts: readonly ReportArtifact[] },
): ReportInput {
  return {
    ...buildStatusInput(s),
    dataset: extra.dataset,
    config: s.config,
    configSha256: extra.configSha256,
    seed: s.config.seed,
    artifacts: extra.artifacts,
  };
}
