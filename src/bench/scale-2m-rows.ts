/** The `scale-2m` table: one row per campaign of the series and its variants, then the targets. */
import { fmtPass, fmtRate, fmtSeconds, MISSING, type Cell } from './format-table.js';
import { SCALE_TARGETS, type Scale2mResult, type ScalePoint } from './scale-2m.js';

export const SCALE_HEADERS = [
  'scale-2m',
  'wall',
  'peak RSS',
  'featurize/s',
  'RDKit.js alone x threads',
  'ratio',
  'predict/round',
  'top-k found',
  'ms/molecule',
];

/** Binary units, as the 2 GiB target reads (2,147,483,648 bytes). */
const fmtGiB = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;

/**
 * The cost per molecule may fall as the pool grows (start-up and WebAssembly warm-up are fixed costs), but
 * no larger pool may cost more per molecule than 1.5x a smaller one.
 */
function perMoleculeGrowth(points: readonly { readonly n: number; readonly perMolecule: number }[]): number {
  const sorted = [...points].sort((a, b) => a.n - b.n);
  let growth = 0;
  sorted.forEach((small, i) => {
    for (const large of sorted.slice(i + 1)) growth = Math.max(growth, large.perMolecule / small.perMolecule);
  });
  return growth;
}

const label = (p: ScalePoint) => `${p.molecules.toLocaleString('en-US')} ${p.model}${p.prune ? ' +prune' : ''}`;

function pointRow(p: ScalePoint, threads: number): Cell[] {
  const f = p.figures;
  if (f === null) return [label(p), `failed: ${(p.error ?? '').slice(0, 60)}`, '', '', '', '', '', '', ''];
  return [
    label(p),
    fmtSeconds(f.wall_s),
    fmtGiB(f.max_rss_bytes),
    fmtRate(f.featurize_rate),
    fmtRate(p.rdkit_alone_rate * threads),
    p.featurize_ratio === null ? MISSING : p.featurize_ratio.toFixed(2),
    fmtSeconds(f.predict_s_per_round),
    f.final_topk_scores === null ? MISSING : f.final_topk_scores.toFixed(3),
    p.cost_per_molecule_ms === null ? MISSING : p.cost_per_molecule_ms.toFixed(3),
  ];
}

function at2mRun(result: Scale2mResult, model: 'forest' | 'network', prune: boolean) {
  return result.points.find((p) => p.molecules >= 2_000_000 && p.model === model && p.prune === prune)?.figures ?? null;
}

/** Pruning finds no fewer of the top-k than the same model without it, and predicts faster (null: not run). */
function pruneTargets(result: Scale2mResult, model: 'forest' | 'network'): Record<string, boolean | null> {
  const plain = at2mRun(result, model, false);
  const pruned = at2mRun(result, model, true);
  const both = plain !== null && pruned !== null;
  const found = both && plain.final_topk_scores !== null && pruned.final_topk_scores !== null;
  const predict = both && plain.predict_s_per_round != null && pruned.predict_s_per_round != null;
  return {
    [`${model}_prune_found_no_lower`]: found ? pruned.final_topk_scores >= plain.final_topk_scores : null,
    [`${model}_prune_predicts_faster`]: predict ? pruned.predict_s_per_round < plain.predict_s_per_round : null,
  };
}

/** Whether the 2M forest run met each target of the issue (null: not measured). */
export function scaleTargets(result: Scale2mResult): Record<string, boolean | null> {
  const full = result.points.find((p) => p.molecules >= 2_000_000 && p.model === 'forest' && !p.prune)?.figures ?? null;
  const net = at2mRun(result, 'network', false);
  const ratio = result.points.find((p) => p.figures === full)?.featurize_ratio ?? null;
  const at2m = result.points.filter((p) => p.molecules >= 2_000_000 && p.figures !== null);
  const fit = result.slope?.points;
  return {
    wall_under_20_min: full === null ? null : full.wall_s < SCALE_TARGETS.wallS,
    rss_under_2_gib_every_2m_run:
      at2m.length === 0 ? null : at2m.every((p) => (p.figures?.max_rss_bytes ?? Infinity) < SCALE_TARGETS.rssBytes),
    featurize_at_least_90_percent: ratio === null ? null : ratio >= SCALE_TARGETS.featurizeRatio,
    forest_predict_under_30_s:
      full?.predict_s_per_round == null ? null : full.predict_s_per_round < SCALE_TARGETS.predictSPerRound,
    network_predict_under_30_s:
      net?.predict_s_per_round == null ? null : net.predict_s_per_round < SCALE_TARGETS.predictSPerRound,
    ...pruneTargets(result, 'forest'),
    ...pruneTargets(result, 'network'),
    cost_per_molecule_grows_under_1_5x:
      fit === undefined || fit.length < 2 ? null : perMoleculeGrowth(fit) <= SCALE_TARGETS.costSpread,
  };
}

export function scaleRows(result: Scale2mResult): Cell[][] {
  const rows = result.points.map((p) => pointRow(p, result.threads));
  const slope = result.slope === null ? MISSING : `${result.slope.slope.toFixed(2)} (r2 ${result.slope.r2.toFixed(3)})`;
  rows.push(['log-log slope of wall', slope, '', '', '', '', '', '', '']);
  const fit = result.slope?.points ?? [];
  if (fit.length >= 2) {
    const per = fit.map((p) => p.perMolecule);
    const spread = `${(Math.max(...per) / Math.min(...per)).toFixed(2)}x, growth ${perMoleculeGrowth(fit).toFixed(2)}x`;
    rows.push(['cost per molecule: spread, growth', spread, '', '', '', '', '', '', '']);
  }
  const build = result.library_build_s === null ? 'cached' : fmtSeconds(result.library_build_s);
  rows.push(['library build + ground truth', build, '', '', '', '', '', '', '']);
  for (const [name, pass] of Object.entries(scaleTargets(result)))
    rows.push([`target ${name}`, fmtPass(pass), '', '', '', '', '', '', '']);
  return rows;
}
