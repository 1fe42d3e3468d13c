/** The `scale-2m` table: one row per campaign of the series and its variants, then the targets. */
import { fmtBytes, fmtPass, fmtRate, fmtSeconds, MISSING, type Cell } from './format-table.js';
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

const label = (p: ScalePoint) => `${p.molecules.toLocaleString('en-US')} ${p.model}${p.prune ? ' +prune' : ''}`;

function pointRow(p: ScalePoint, threads: number): Cell[] {
  const f = p.figures;
  if (f === null) return [label(p), `failed: ${(p.error ?? '').slice(0, 60)}`, '', '', '', '', '', '', ''];
  return [
    label(p),
    fmtSeconds(f.wall_s),
    fmtBytes(f.max_rss_bytes),
    fmtRate(f.featurize_rate),
    fmtRate(p.rdkit_alone_rate * threads),
    p.featurize_ratio === null ? MISSING : p.featurize_ratio.toFixed(2),
    fmtSeconds(f.predict_s_per_round),
    f.final_topk_scores === null ? MISSING : f.final_topk_scores.toFixed(3),
    p.cost_per_molecule_ms === null ? MISSING : p.cost_per_molecule_ms.toFixed(3),
  ];
}

/** Whether the 2M forest run met each target of the issue (null: not measured). */
export function scaleTargets(result: Scale2mResult): Record<string, boolean | null> {
  const full = result.points.find((p) => p.molecules >= 2_000_000 && p.model === 'forest' && !p.prune)?.figures ?? null;
  const net = result.points.find((p) => p.molecules >= 2_000_000 && p.model === 'network')?.figures ?? null;
  const ratio = result.points.find((p) => p.figures === full)?.featurize_ratio ?? null;
  return {
    wall_under_20_min: full === null ? null : full.wall_s < SCALE_TARGETS.wallS,
    rss_under_2_gb: full === null ? null : full.max_rss_bytes < SCALE_TARGETS.rssBytes,
    featurize_at_least_90_percent: ratio === null ? null : ratio >= SCALE_TARGETS.featurizeRatio,
    forest_predict_under_30_s:
      full?.predict_s_per_round == null ? null : full.predict_s_per_round < SCALE_TARGETS.predictSPerRound,
    network_predict_under_30_s:
      net?.predict_s_per_round == null ? null : net.predict_s_per_round < SCALE_TARGETS.predictSPerRound,
    cost_per_molecule_within_1_5x:
      result.slope?.points === undefined || result.slope.points.length < 2
        ? null
        : Math.max(...result.slope.points.map((p) => p.perMolecule)) /
            Math.min(...result.slope.points.map((p) => p.perMolecule)) <=
          SCALE_TARGETS.costSpread,
  };
}

export function scaleRows(result: Scale2mResult): Cell[][] {
  const rows = result.points.map((p) => pointRow(p, result.threads));
  const slope = result.slope === null ? MISSING : `${result.slope.slope.toFixed(2)} (r2 ${result.slope.r2.toFixed(3)})`;
  rows.push(['log-log slope of wall', slope, '', '', '', '', '', '', '']);
  const build = result.library_build_s === null ? 'cached' : fmtSeconds(result.library_build_s);
  rows.push(['library build + ground truth', build, '', '', '', '', '', '', '']);
  for (const [name, pass] of Object.entries(scaleTargets(result)))
    rows.push([`target ${name}`, fmtPass(pass), '', '', '', '', '', '', '']);
  return rows;
}
