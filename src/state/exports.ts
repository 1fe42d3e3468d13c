/**
 * The campaign's exports, plain CSV for a chemist's spreadsheet: `explored.csv` (every labeled molecule,
 * with the prediction it was chosen on) and `predictions/generation-N.csv` (the ranking of the pool that
 * chose generation N's batch). Views: rewritten atomically (not fsynced) from the checkpoint or the
 * stage's own ranking, so a re-run writes the same bytes.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CampaignContext } from '../machine/campaign-types.js';
import { csvField } from '../shared/csv.js';
import { writeFileAtomic } from '../shared/write-file-atomic.js';
import type { StatePaths } from './state-files.js';
import type { StringColumn } from '../shared/smiles-store.js';

/** One row of `predictions/generation-N.csv`: a candidate, its acquisition score and the model's prediction. */
export interface PredictionRow {
  readonly index: number;
  readonly score: number;
  readonly mean: number;
  readonly std: number;
  /** Whether the generation's batch took it (an epsilon share may take lower-ranked ones). */
  readonly chosen: boolean;
}

/** Where a campaign's exports go; a stage test leaves it out. */
export interface ExportSink {
  /** Rewrites the ranking that chose `generation`'s batch, best first. */
  predictions(generation: number, rows: readonly PredictionRow[]): void;
}

export interface ExportMolecules {
  readonly smiles: StringColumn;
  readonly ids: StringColumn;
}

const num = (v: number | null | undefined): string => (v === null || v === undefined ? '' : String(v));

/** `predictions/generation-N.csv` for the prediction path of the state folder. */
export function predictionsFile(paths: Pick<StatePaths, 'predictions'>, generation: number): string {
  return join(paths.predictions, `generation-${generation}.csv`);
}

export function createExportSink(paths: Pick<StatePaths, 'predictions'>, molecules: ExportMolecules): ExportSink {
  return {
    predictions(generation, rows) {
      mkdirSync(paths.predictions, { recursive: true });
      const lines = ['rank,id,smiles,acquisition_score,predicted,uncertainty,chosen'];
      rows.forEach((r, j) => {
        const id = csvField(molecules.ids.at(r.index) ?? String(r.index));
        const smiles = csvField((molecules.smiles.at(r.index) ?? ''));
        lines.push(`${j + 1},${id},${smiles},${r.score},${r.mean},${r.std},${r.chosen ? 1 : 0}`);
      });
      writeFileAtomic(predictionsFile(paths, generation), `${lines.join('\n')}\n`, { durable: false });
    },
  };
}

/**
 * `explored.csv`: every labeled molecule in acquisition order, its generation, label (empty: a failed
 * oracle call), where the label came from, and the prediction and uncertainty it had when chosen.
 */
export function exploredCsv(ctx: CampaignContext, molecules: ExportMolecules): string {
  const imported = ctx.imported ?? 0;
  const lines = ['id,smiles,generation,label,source,predicted,uncertainty'];
  ctx.labeled.forEach((index, j) => {
    const id = csvField(molecules.ids.at(index) ?? String(index));
    const smiles = csvField((molecules.smiles.at(index) ?? ''));
    const source = j < imported ? 'imported' : 'oracle';
    const row = [id, smiles, ctx.acquiredIn[j] ?? 0, num(ctx.labels[j]), source];
    lines.push([...row, num(ctx.predicted?.[j]), num(ctx.predictedStd?.[j])].join(','));
  });
  return `${lines.join('\n')}\n`;
}

export function writeExplored(paths: Pick<StatePaths, 'explored'>, ctx: CampaignContext, molecules: ExportMolecules) {
  writeFileAtomic(paths.explored, exploredCsv(ctx, molecules), { durable: false });
}
