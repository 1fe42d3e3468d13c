/**
 * The molecules part of the dashboard's input: the best found, the last batches' picks (both drawn by
 * RDKit.js), every prediction at acquisition with the label that came back, and what the label is.
 * Capped, so that a page of a 2M-molecule campaign stays small: nothing here is per pool molecule.
 */
import type { CampaignConfig } from '../config/campaign-schema.js';
import { evenSample, MAX_PARITY_POINTS } from '../dashboard/model-plots.js';
import type { StatusHeldOut, StatusLabel, StatusMolecule, StatusPrediction } from '../dashboard/status-input.js';
import type { CampaignContext } from '../machine/campaign-types.js';
import { orient } from '../strategies/objective.js';
import type { StructureDrawer } from './structure-drawer.js';
import type { StringColumn } from '../shared/smiles-store.js';

export const MAX_BEST = 24;
/** The picks of this many last generations are shown, at most MAX_PICKS of each. */
export const PICK_GENERATIONS = 3;
export const MAX_PICKS = 8;

export interface MoleculeSources {
  readonly config: CampaignConfig;
  readonly dataset: { readonly path: string; readonly smiles: StringColumn; readonly ids: StringColumn };
  readonly context: CampaignContext;
  readonly drawer?: StructureDrawer;
}

const finite = (v: number | null | undefined): number | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : v;

/** The molecule at position j of the labeled list. */
function moleculeAt(s: MoleculeSources, j: number): StatusMolecule {
  const ctx = s.context;
  const index = ctx.labeled[j] as number;
  const smiles = s.dataset.smiles.at(index) ?? '';
  return {
    id: s.dataset.ids.at(index) ?? String(index),
    smiles,
    label: finite(ctx.labels[j]),
    predicted: finite(ctx.predicted?.[j]),
    predictedStd: finite(ctx.predictedStd?.[j]),
    generation: ctx.acquiredIn[j] ?? 0,
    svg: s.drawer?.draw(smiles) ?? null,
  };
}

/** Positions in the labeled list, best label first (ties: earlier acquired first); failed calls left out. */
function bestPositions(s: MoleculeSources, n: number): number[] {
  const ctx = s.context;
  const positions: number[] = [];
  ctx.labels.forEach((l, j) => {
    if (finite(l) !== null) positions.push(j);
  });
  const value = (j: number) => orient(s.config, ctx.labels[j] as number);
  return positions.sort((a, b) => value(b) - value(a) || a - b).slice(0, n);
}

export function bestMolecules(s: MoleculeSources): StatusMolecule[] {
  return bestPositions(s, MAX_BEST).map((j) => moleculeAt(s, j));
}

/** The last generations' picks, newest first; in each, the best predicted first (unpredicted last). */
export function batchPicks(s: MoleculeSources): { generation: number; molecules: StatusMolecule[] }[] {
  const ctx = s.context;
  const byGeneration = new Map<number, number[]>();
  ctx.acquiredIn.forEach((g, j) => {
    const list = byGeneration.get(g) ?? [];
    list.push(j);
    byGeneration.set(g, list);
  });
  const generations = [...byGeneration.keys()].sort((a, b) => b - a).slice(0, PICK_GENERATIONS);
  const predictedValue = (j: number) => {
    const p = finite(ctx.predicted?.[j]);
    return p === null ? Number.NEGATIVE_INFINITY : orient(s.config, p);
  };
  return generations.map((generation) => ({
    generation,
    molecules: (byGeneration.get(generation) ?? [])
      .sort((a, b) => predictedValue(b) - predictedValue(a) || a - b)
      .slice(0, MAX_PICKS)
      .map((j) => moleculeAt(s, j)),
  }));
}

/** Every labeled molecule predicted before its label came, in acquisition order. */
export function predictionsAtAcquisition(s: MoleculeSources): StatusPrediction[] {
  const ctx = s.context;
  const out: StatusPrediction[] = [];
  ctx.labeled.forEach((index, j) => {
    const label = finite(ctx.labels[j]);
    const predicted = finite(ctx.predicted?.[j]);
    if (label === null || predicted === null) return;
    out.push({
      generation: ctx.acquiredIn[j] ?? 0,
      label,
      predicted,
      std: finite(ctx.predictedStd?.[j]),
      id: s.dataset.ids.at(index) ?? String(index),
    });
  });
  return out;
}

/**
 * The held-out set's latest predictions with their labels, capped like the parity plot (the held-out
 * set is a share of the pool); undefined without a held-out set.
 */
export function heldOutPredictions(s: MoleculeSources): StatusHeldOut | undefined {
  const ctx = s.context;
  if (ctx.test.length === 0) return undefined;
  const held = ctx.heldOut ?? null;
  // Positions first, objects only for the points shown: the held-out set of a large pool is large.
  const positions: number[] = [];
  if (held !== null) {
    ctx.test.forEach((_, j) => {
      if (finite(ctx.testLabels[j]) !== null && finite(held.mean[j]) !== null) positions.push(j);
    });
  }
  const points = evenSample(positions, MAX_PARITY_POINTS).map((j) => {
    const index = ctx.test[j] as number;
    return {
      generation: held?.generation ?? 0,
      label: ctx.testLabels[j] as number,
      predicted: held?.mean[j] as number,
      std: finite(held?.std[j]),
      id: s.dataset.ids.at(index) ?? String(index),
    };
  });
  return { size: ctx.test.length, generation: held?.generation ?? null, predicted: positions.length, points };
}

export function labelsByGeneration(ctx: CampaignContext): { generation: number; label: number }[] {
  const out: { generation: number; label: number }[] = [];
  ctx.labels.forEach((l, j) => {
    const label = finite(l);
    if (label !== null) out.push({ generation: ctx.acquiredIn[j] ?? 0, label });
  });
  return out;
}

/** What the label is called and where it comes from, for the page's headings. */
export function describeLabel(config: CampaignConfig, datasetPath: string): StatusLabel {
  const file = datasetPath.split(/[\\/]/).pop() ?? datasetPath;
  const d = config.dataset;
  switch (config.oracle.kind) {
    case 'lookup':
      return 'label_column' in d && d.label_column !== undefined
        ? { name: d.label_column, source: `column "${d.label_column}" of ${file}` }
        : { name: 'label', source: `looked up in ${file}` };
    case 'desirability':
      return { name: 'desirability', source: 'computed by the desirability oracle (RDKit descriptors)' };
    case 'manual':
      return { name: 'score', source: 'measured (manual oracle: the laboratory’s results)' };
    default:
      return { name: 'score', source: `the ${config.oracle.kind} oracle’s score` };
  }
}
