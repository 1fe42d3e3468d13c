/**
 * Runs every planned workload, seed by seed, alternating the systems (reference then Alcove on even
 * repeats, Alcove then reference on odd ones, so machine noise hits both). A failed run is recorded and
 * the bench goes on.
 */
import { dirname, join, resolve } from 'node:path';
import { coerceError } from '../shared/errors.js';
import type { RunRecord } from './aggregate-runs.js';
import { runAlcove } from './alcove-child.js';
import type { BenchArgs } from './bench-args.js';
import { pairedStart } from './paired-workload.js';
import { runModelsReference } from './models-reference-run.js';
import { runReference } from './reference-run.js';
import type { RunFigures, System } from './run-reports.js';
import type { Workload } from './workloads.js';

export interface RunWorkloadsOptions {
  readonly args: BenchArgs;
  /** The file each workload reads (see prepareInputs). */
  readonly inputs: ReadonlyMap<string, string>;
  readonly referenceOk: boolean;
  readonly tmp: string;
  readonly benchDir: string;
  readonly repoRoot: string;
  readonly say: (line: string) => void;
}

function describeRun(system: System, f: RunFigures): string {
  const parts = [
    `wall ${f.wall_s.toFixed(1)} s`,
    f.featurize_rate === null ? null : `featurize ${Math.round(f.featurize_rate)} mol/s`,
    f.train_s_per_round === null ? null : `train ${f.train_s_per_round.toFixed(2)} s/round`,
    f.predict_s_per_round === null ? null : `predict ${f.predict_s_per_round.toFixed(2)} s/round`,
    f.orchestration_share === null ? null : `orchestration ${(f.orchestration_share * 100).toFixed(2)}%`,
    f.overhead_share === null ? null : `all but engine calls ${(f.overhead_share * 100).toFixed(2)}%`,
    f.model_cpu_s === null ? null : `train+predict CPU ${f.model_cpu_s.toFixed(1)} s`,
    `rss ${(f.max_rss_bytes / 1e6).toFixed(0)} MB`,
    f.final_topk_scores === null ? null : `top-k scores ${f.final_topk_scores.toFixed(3)}`,
  ];
  return `${system}: ${parts.filter((p) => p !== null).join(', ')}`;
}

/** One run of one system; its figures, or the reason it failed. */
async function runOnce(
  w: Workload,
  system: System,
  seed: number,
  records: readonly RunRecord[],
  o: RunWorkloadsOptions,
): Promise<{ figures: RunFigures; raw: unknown }> {
  const { args } = o;
  const csv = o.inputs.get(w.id) ?? '';
  const sets = [`dataset.path=${csv}`, `seed=${seed}`, ...w.alcove.sets];
  if (w.pairedWith !== undefined)
    sets.push(`campaign.initial_from.file=${await pairedStart(w, seed, csv, o.tmp, args.python, records, o.say)}`);
  if (system === 'alcove') {
    return await runAlcove(resolve(o.repoRoot, w.alcove.config), sets, {
      benchDir: o.benchDir,
      repoRoot: o.repoRoot,
      cpuProfDir: args.cpuProfDir,
      echo: args.verbose,
    });
  }
  if (w.referenceScript === 'al_models.py') {
    const script = join(dirname(args.reference), 'al_models.py');
    return await runModelsReference(args.python, script, csv, w.reference, seed, o.tmp, args.verbose);
  }
  return await runReference(args.python, args.reference, csv, w.reference, seed, args.verbose);
}

export async function runWorkloads(planned: readonly Workload[], o: RunWorkloadsOptions): Promise<RunRecord[]> {
  const systems: System[] = o.referenceOk ? ['reference', 'alcove'] : ['alcove'];
  const systemsOf = (w: Workload): System[] => (w.pairedWith === undefined ? systems : ['alcove']);
  const total = planned.reduce((n, w) => n + w.seeds.length * systemsOf(w).length, 0);
  o.say(
    `bench: ${planned.map((w) => `${w.id} x${w.seeds.length}`).join(', ')}; ${total} runs, ` +
      `${o.referenceOk ? 'alternating with the reference' : 'Alcove only'}${o.args.quick ? ' (--quick)' : ''}`,
  );
  const records: RunRecord[] = [];
  for (const w of planned) {
    for (const [repeat, seed] of w.seeds.entries()) {
      const mine = systemsOf(w);
      const order = repeat % 2 === 0 ? mine : [...mine].reverse();
      for (const system of order) {
        const position = records.length + 1;
        const label = `[${position}/${total}] ${w.id} seed ${seed}`;
        try {
          const run = await runOnce(w, system, seed, records, o);
          records.push({ workload: w.id, system, seed, order: position, ok: true, figures: run.figures, raw: run.raw });
          o.say(`${label} ${describeRun(system, run.figures)}`);
        } catch (error) {
          const message = coerceError(error).message;
          records.push({ workload: w.id, system, seed, order: position, ok: false, error: message });
          o.say(`${label} ${system}: FAILED: ${message}`);
        }
      }
    }
  }
  return records;
}
