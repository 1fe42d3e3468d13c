/**
 * A paired workload runs Alcove from the reference's own first batch for each seed (`campaign.initial_from`),
 * so that the two systems are compared from the same molecules: model and acquisition only.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvField } from '../shared/csv.js';
import type { RunRecord } from './aggregate-runs.js';
import { referenceInitialBatch } from './reference-run.js';
import type { System } from './run-reports.js';
import type { Workload } from './workloads.js';

/**
 * Writes the reference's initial batch for `seed` as a CSV for `campaign.initial_from`, and checks that
 * the draw was over the same rows as the reference's (its `n`, when its run for that seed is in).
 */
export async function pairedStart(
  w: Workload,
  seed: number,
  csv: string,
  tmp: string,
  python: string,
  records: readonly RunRecord[],
  say: (line: string) => void,
): Promise<string> {
  const batch = await referenceInitialBatch(python, csv, seed);
  const ref = records.find((r) => r.workload === w.pairedWith && r.system === 'reference' && r.seed === seed && r.ok);
  const refN = (ref?.raw as { n?: unknown } | undefined)?.n;
  if (typeof refN === 'number' && refN !== batch.n) {
    say(
      `warning: ${w.id} seed ${seed}: the reference drew over ${refN} rows, the helper over ${batch.n}: ` +
        'the first batches differ',
    );
  }
  const file = join(tmp, `${w.id}-initial-seed${seed}.csv`);
  writeFileSync(file, `smiles\n${batch.smiles.map(csvField).join('\n')}\n`);
  return file;
}

/** Per seed, Alcove's share found from the reference's first batch beside the reference's own run. */
export function pairedLines(workloads: readonly Workload[], records: readonly RunRecord[]): string[] {
  const out: string[] = [];
  for (const w of workloads) {
    if (w.pairedWith === undefined) continue;
    const score = (workload: string, system: System, seed: number) =>
      records.find((r) => r.workload === workload && r.system === system && r.seed === seed && r.ok)?.figures
        ?.final_topk_scores ?? null;
    const parts = w.seeds.flatMap((seed) => {
      const a = score(w.id, 'alcove', seed);
      const r = score(w.pairedWith ?? '', 'reference', seed);
      return a === null || r === null
        ? []
        : [`seed ${seed}: ${a.toFixed(3)} vs ${r.toFixed(3)} (${a - r >= 0 ? '+' : ''}${(a - r).toFixed(3)})`];
    });
    if (parts.length > 0) out.push(`${w.id}, Alcove vs reference from the same first batch: ${parts.join('; ')}`, '');
  }
  return out;
}
