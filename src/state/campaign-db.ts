/**
 * The campaign record: `db.json` (lowdb) with rounds, acquired molecules and labels, and task records,
 * and `summary.json`, the small file other tools read. Both are rewritten once per round, never per
 * molecule (lowdb rewrites the whole file on each write). We use `Low` over our own adapter
 * (json-view-file.ts), not `JSONFilePreset`, which silently switches to memory under NODE_ENV=test.
 */
import { Low } from 'lowdb';
import type { CampaignContext, RoundRecord } from '../machine/campaign-types.js';
import { writeFileAtomic } from '../shared/write-file-atomic.js';
import { jsonViewFile } from './json-view-file.js';
import { statePaths } from './state-files.js';
import type { StringColumn } from '../shared/smiles-store.js';

export type CampaignStatus = 'running' | 'done' | 'failed' | 'interrupted' | 'waiting';

export interface DatasetInfo {
  readonly path: string;
  readonly sha256: string;
  readonly rows: number;
  readonly invalid: number;
  /** A pool read from several files (`dataset.paths`): each file's path, sha256 and data rows. */
  readonly files?: readonly { readonly path: string; readonly sha256: string; readonly rows: number }[];
}

export interface Acquisition {
  readonly generation: number;
  readonly index: number;
  readonly id: string;
  readonly smiles: string;
  readonly label: number | null;
  /** The model's predicted mean and uncertainty when the molecule was chosen; null: chosen without one. */
  readonly predicted: number | null;
  readonly uncertainty: number | null;
}

export interface CampaignRecord {
  campaign: {
    name: string;
    config_sha256: string;
    seed: number;
    created_at: string;
    dataset: DatasetInfo | null;
  } | null;
  rounds: RoundRecord[];
  acquisitions: Acquisition[];
  test: { index: number; id: string; label: number | null }[];
}

export interface Summary {
  readonly status: CampaignStatus;
  readonly generation: number;
  readonly labeled: number;
  readonly oracle_calls: number;
  readonly oracle_failures: number;
  /** Labels imported from `campaign.initial_from` (not oracle calls). */
  readonly imported: number;
  readonly config_sha256: string;
  readonly dataset: DatasetInfo;
  /** The metric that heads the campaign's reports (higher is better), a key of each round's metrics. */
  readonly headline: string;
  readonly stop_reason: string | null;
  readonly error: { stage: string; code: string; message: string } | null;
  readonly history: readonly RoundRecord[];
  /** Views this run could not write (status.html, db.json, the report …): `<view> failed: <why>`. */
  readonly warnings: readonly string[];
}

export function buildSummary(
  ctx: CampaignContext,
  status: CampaignStatus,
  configSha256: string,
  dataset: DatasetInfo,
  warnings: readonly string[] = [],
): Summary {
  return {
    status,
    generation: ctx.generation,
    labeled: ctx.labeled.length,
    oracle_calls: ctx.oracleCalls,
    oracle_failures: ctx.oracleFailures,
    imported: ctx.imported ?? 0,
    config_sha256: configSha256,
    dataset: { ...dataset, invalid: ctx.invalid?.length ?? dataset.invalid },
    headline: ctx.plan.headline,
    stop_reason: ctx.stopReason,
    error: ctx.error ? { stage: ctx.error.stage, code: ctx.error.code, message: ctx.error.message } : null,
    history: ctx.history,
    warnings: [...warnings],
  };
}

/** The state folder's `db.json` record and `summary.json`: views of the checkpoint, rewritten per round. */
export interface CampaignStore {
  readonly db: Low<CampaignRecord>;
  readonly summaryFile: string;
  /** Why db.json was rebuilt from the checkpoint (it was not valid JSON), or null. */
  readonly rebuilt: string | null;
  recordCampaign(campaign: NonNullable<CampaignRecord['campaign']>): Promise<void>;
  /** Mirror the machine context into the record (idempotent: a re-run round replaces itself). */
  syncRound(ctx: CampaignContext, molecules: { smiles: StringColumn; ids: StringColumn }): Promise<void>;
  writeSummary(summary: Summary): void;
}

const emptyRecord = (): CampaignRecord => ({ campaign: null, rounds: [], acquisitions: [], test: [] });

/**
 * Opens `db.json`. It is a view of the checkpoint: when it is not valid JSON (a disk that filled up
 * mid-write, a hand edit), it starts empty and `rebuilt` says so; the caller refills it from the
 * checkpoint (`syncRound`) instead of failing.
 */
export async function openCampaignStore(stateDir: string): Promise<CampaignStore> {
  const db = new Low<CampaignRecord>(jsonViewFile(statePaths(stateDir).db), emptyRecord());
  let rebuilt: string | null = null;
  try {
    await db.read();
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    rebuilt = `${statePaths(stateDir).db} was not valid JSON (${error.message}); rebuilt from the checkpoint`;
    db.data = emptyRecord();
  }
  const summaryFile = statePaths(stateDir).summary;
  return {
    db,
    summaryFile,
    /** Why `db.json` was started over, or null when it was read. */
    rebuilt,
    async recordCampaign(campaign: NonNullable<CampaignRecord['campaign']>): Promise<void> {
      db.data.campaign ??= campaign;
      db.data.campaign.dataset = campaign.dataset;
      await db.write();
    },
    /** Mirror the machine context into the record (idempotent: a re-run round replaces itself). */
    async syncRound(
      ctx: CampaignContext,
      molecules: { smiles: StringColumn; ids: StringColumn },
    ): Promise<void> {
      db.data.rounds = [...ctx.history];
      db.data.acquisitions = ctx.labeled.map((index, j) => ({
        generation: ctx.acquiredIn[j] ?? 0,
        index,
        id: molecules.ids.at(index) ?? String(index),
        smiles: (molecules.smiles.at(index) ?? ''),
        label: ctx.labels[j] ?? null,
        predicted: ctx.predicted?.[j] ?? null,
        uncertainty: ctx.predictedStd?.[j] ?? null,
      }));
      db.data.test = ctx.test.map((index, j) => ({
        index,
        id: molecules.ids.at(index) ?? String(index),
        label: ctx.testLabels[j] ?? null,
      }));
      await db.write();
    },
    writeSummary(summary: Summary): void {
      // A view of the checkpointed context, rewritten each round: atomic, not fsynced (an fsync is slow
      // while both workers are busy, see bench/README.md); a resume rewrites it.
      writeFileAtomic(summaryFile, `${JSON.stringify(summary, null, 2)}\n`, { durable: false });
    },
  };
}
