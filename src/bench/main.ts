/**
 * `npm run bench [-- --data DIR --seeds N --quick]`: Alcove against the reference loop (RDKit +
 * scikit-learn), side by side on the same files, in the same run, alternating (reference then Alcove on
 * even repeats, Alcove then reference on odd ones, so machine noise hits both). Writes
 * bench/results.json (every raw run, the summaries, ratios and targets) and prints a table.
 *
 * Each run is its own child process, so that peak RSS is that run's own.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvField } from '../shared/csv.js';
import { coerceError } from '../shared/errors.js';
import { scalingFit, summarizeSystem, summarizeWorkload, type RunRecord } from './aggregate-runs.js';
import { runAlcove } from './alcove-child.js';
import { BENCH_HELP, parseBenchArgs, type BenchArgs } from './bench-args.js';
import { formatMarkdownTable, formatTable } from './format-table.js';
import {
  checkReference,
  INSTALL_ADVICE,
  referenceInitialBatch,
  runReference,
  type ReferenceAvailability,
} from './reference-run.js';
import { buildReportRows, TABLE_HEADERS } from './report-rows.js';
import type { RunFigures, System } from './run-reports.js';
import { writeSubsample } from './subsample-file.js';
import { evaluateTargets } from './targets.js';
import { planWorkloads, SUBSAMPLE_SEED, type Workload } from './workloads.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(BENCH_DIR, '..', '..');

const NOTES = [
  'Ratios are Alcove / reference of medians over repeats; absolute seconds are context (a noisy 2-core machine).',
  "Whole campaign wall: Alcove from the start of runCampaign to its end; the reference from the script's first line to its last (imports of numpy, RDKit and scikit-learn done before the clock starts). Process wall (spawn to exit) is shown beside it.",
  'Alcove featurizes, trains and predicts on worker threads (2 here); the reference is single-threaded (its default --jobs 1, as MolPAL runs it in the issue protocol).',
  'After the last batch Alcove trains a model only when a held-out set needs it (not in the MolPAL protocol): both train 5 forests; per-round figures are per trained forest.',
  'Alcove keeps the first of the 7 SMILES that appear twice in Enamine 50k (49,699 molecules); the reference keeps both copies (49,706). Top-k = 500 for both.',
  "Orchestration overhead (the target, as the issue defines it) = time in transitions (xstate step, checkpoint write, synchronous observers) + dispatch (the part of each engine call in which no worker computed: marshalling, posting, transit, merging), from Alcove's own timing events, over wall. Beside it: views rewritten off the transition (status page, db.json, summary.json), the run's start and end outside the machine (setup less the dataset load; report and manifest), and the upper bound \"all but engine calls\" = (wall - load - engine calls) / wall, which also counts the stages' own main-thread work (acquisition ranking, metrics, bookkeeping) and garbage collection. See src/bench/timing-collector.ts.",
  "Science: share of the true top-k scores found after the last batch. enamine-50k: each system draws its own random first batch (different RNGs), so seed s of one is not seed s of the other and 3 seeds carry the luck of 3 draws. enamine-50k-paired: Alcove starts each seed from the reference's own first batch for that seed (campaign.initial_from), so both start from the same molecules and the comparison is paired (model and acquisition only).",
  'ESOL: Alcove runs uncertainty sampling on RDKit descriptors with 20% held out; the reference has neither, so it runs UCB on atom pairs with the same batch sizes, for timing context only.',
];

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function describeRun(system: System, f: RunFigures): string {
  const parts = [
    `wall ${f.wall_s.toFixed(1)} s`,
    f.featurize_rate === null ? null : `featurize ${Math.round(f.featurize_rate)} mol/s`,
    f.train_s_per_round === null ? null : `train ${f.train_s_per_round.toFixed(2)} s/round`,
    f.predict_s_per_round === null ? null : `predict ${f.predict_s_per_round.toFixed(2)} s/round`,
    f.orchestration_share === null ? null : `orchestration ${(f.orchestration_share * 100).toFixed(2)}%`,
    f.overhead_share === null ? null : `all but engine calls ${(f.overhead_share * 100).toFixed(2)}%`,
    `rss ${(f.max_rss_bytes / 1e6).toFixed(0)} MB`,
    f.final_topk_scores === null ? null : `top-k scores ${f.final_topk_scores.toFixed(3)}`,
  ];
  return `${system}: ${parts.filter((p) => p !== null).join(', ')}`;
}

/** The file each workload reads: the data set itself, or its seeded subsample written once to `tmp`. */
function prepareInputs(workloads: readonly Workload[], args: BenchArgs, tmp: string): Map<string, string> {
  const inputs = new Map<string, string>();
  for (const w of workloads) {
    const source = join(args.data, w.file);
    if (!existsSync(source)) {
      say(`skipping ${w.id}: ${w.file} is not in ${args.data}`);
      continue;
    }
    if (w.subsample === null) {
      inputs.set(w.id, source);
      continue;
    }
    const target = join(tmp, `${w.id}.csv.gz`);
    writeSubsample(source, target, w.subsample, SUBSAMPLE_SEED);
    inputs.set(w.id, target);
  }
  return inputs;
}

function poolSizeOf(records: readonly RunRecord[], id: string): number | null {
  for (const r of records) {
    if (r.workload !== id || !r.ok || r.raw === undefined) continue;
    const raw = r.raw as { molecules?: unknown; n?: unknown };
    if (r.system === 'alcove' && typeof raw.molecules === 'number') return raw.molecules;
    if (r.system === 'reference' && typeof raw.n === 'number') return raw.n;
  }
  return null;
}

/**
 * Writes the reference's initial batch for `seed` as a CSV for `campaign.initial_from`, and checks that
 * the draw was over the same rows as the reference's (its `n`, when its run for that seed is in).
 */
async function pairedStart(
  w: Workload,
  seed: number,
  csv: string,
  tmp: string,
  python: string,
  records: readonly RunRecord[],
): Promise<string> {
  const batch = await referenceInitialBatch(python, csv, seed);
  const ref = records.find((r) => r.workload === w.pairedWith && r.system === 'reference' && r.seed === seed && r.ok);
  const refN = (ref?.raw as { n?: unknown } | undefined)?.n;
  if (typeof refN === 'number' && refN !== batch.n) {
    say(
      `warning: ${w.id} seed ${seed}: the reference drew over ${refN} rows, the helper over ${batch.n}: the first batches differ`,
    );
  }
  const file = join(tmp, `${w.id}-initial-seed${seed}.csv`);
  writeFileSync(file, `smiles\n${batch.smiles.map(csvField).join('\n')}\n`);
  return file;
}

/** Per seed, Alcove's share found from the reference's first batch beside the reference's own run. */
function pairedLines(workloads: readonly Workload[], records: readonly RunRecord[]): string[] {
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

async function main(argv: readonly string[]): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(argv, REPO_ROOT);
  } catch (error) {
    process.stderr.write(`bench: ${coerceError(error).message}\n`);
    return 2;
  }
  if (args.help) {
    say(BENCH_HELP);
    return 0;
  }
  if (!existsSync(args.data)) {
    say(`bench: the data sets folder ${args.data} does not exist.`);
    say(
      'It needs Enamine50k_scores.csv.gz (coleygroup/molpal data/, MIT) and delaney-processed.csv (MoleculeNet ESOL, CC0).',
    );
    say('Put them there, or point the bench at your copy with: npm run bench -- --data DIR');
    return 2;
  }
  const workloads = planWorkloads(args);
  if (workloads.length === 0) {
    process.stderr.write(`bench: no workload matches --only ${args.only.join(',')}\n`);
    return 2;
  }

  let reference: ReferenceAvailability = { ok: false, versions: {}, problem: 'not requested (--alcove-only)' };
  if (!args.alcoveOnly) {
    reference = await checkReference(args.python, args.reference);
    if (!reference.ok) {
      say(`bench: the reference loop cannot run: ${reference.problem ?? 'unknown problem'}`);
      say(`bench: install its packages with:  ${INSTALL_ADVICE}`);
      say("bench: running Alcove alone; ratios and the reference's figures are left empty.");
    }
  }
  const tmp = mkdtempSync(join(tmpdir(), 'alcove-bench-'));
  if (args.cpuProfDir !== null) mkdirSync(args.cpuProfDir, { recursive: true });
  const startedAt = new Date();
  const records: RunRecord[] = [];
  try {
    const inputs = prepareInputs(workloads, args, tmp);
    const runnable = workloads.filter((w) => inputs.has(w.id));
    if (runnable.length === 0) {
      say(`bench: none of the data sets were found in ${args.data}; nothing to run.`);
      return 2;
    }
    const systems: System[] = reference.ok ? ['reference', 'alcove'] : ['alcove'];
    // A paired workload starts Alcove from the reference's initial batches: it needs the reference's Python.
    const planned = runnable.filter((w) => {
      if (w.pairedWith === undefined || reference.ok) return true;
      say(`skipping ${w.id}: it draws the reference's initial batches with its Python, which cannot run here`);
      return false;
    });
    const systemsOf = (w: Workload): System[] => (w.pairedWith === undefined ? systems : ['alcove']);
    const total = planned.reduce((n, w) => n + w.seeds.length * systemsOf(w).length, 0);
    say(
      `bench: ${planned.map((w) => `${w.id} x${w.seeds.length}`).join(', ')}; ${total} runs, ` +
        `${reference.ok ? 'alternating with the reference' : 'Alcove only'}${args.quick ? ' (--quick)' : ''}`,
    );
    for (const w of planned) {
      const csv = inputs.get(w.id) ?? '';
      for (const [repeat, seed] of w.seeds.entries()) {
        const mine = systemsOf(w);
        const order = repeat % 2 === 0 ? mine : [...mine].reverse();
        for (const system of order) {
          const position = records.length + 1;
          const label = `[${position}/${total}] ${w.id} seed ${seed}`;
          try {
            const sets = [`dataset.path=${csv}`, `seed=${seed}`, ...w.alcove.sets];
            if (w.pairedWith !== undefined)
              sets.push(`campaign.initial_from.file=${await pairedStart(w, seed, csv, tmp, args.python, records)}`);
            const run =
              system === 'alcove'
                ? await runAlcove(resolve(REPO_ROOT, w.alcove.config), sets, {
                    benchDir: BENCH_DIR,
                    repoRoot: REPO_ROOT,
                    cpuProfDir: args.cpuProfDir,
                    echo: args.verbose,
                  })
                : await runReference(args.python, args.reference, csv, w.reference, seed, args.verbose);
            records.push({
              workload: w.id,
              system,
              seed,
              order: position,
              ok: true,
              figures: run.figures,
              raw: run.raw,
            });
            say(`${label} ${describeRun(system, run.figures)}`);
          } catch (error) {
            const message = coerceError(error).message;
            records.push({ workload: w.id, system, seed, order: position, ok: false, error: message });
            say(`${label} ${system}: FAILED: ${message}`);
          }
        }
      }
    }

    const summaries = planned.map((w) => {
      const own = summarizeWorkload(w, records, poolSizeOf(records, w.id));
      if (w.pairedWith === undefined) return own;
      // The reference side of a paired workload is the runs it is paired with (same seeds, same first batches).
      return {
        ...own,
        reference: summarizeSystem(records.filter((r) => r.workload === w.pairedWith && r.system === 'reference')),
      };
    });
    const fits = { alcove: scalingFit(summaries, 'alcove'), reference: scalingFit(summaries, 'reference') };
    const headline = summaries.find((s) => s.role === 'headline');
    const targets = evaluateTargets(
      headline,
      fits.alcove,
      undefined,
      summaries.find((s) => s.role === 'paired'),
    );
    const rows = buildReportRows(summaries, targets, fits);
    const table = formatTable(TABLE_HEADERS, rows);
    say('');
    say(table);
    say('');
    for (const line of pairedLines(planned, records)) say(line);
    for (const note of NOTES) say(`- ${note}`);
    if (args.quick)
      say(
        '- --quick: the targets are set for Enamine 50k; evaluated here on the 5k subsample, they are indicative only.',
      );

    const results = {
      version: 1,
      command: `npm run bench -- ${argv.join(' ')}`.trim(),
      started_at: startedAt.toISOString(),
      finished_at: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpu_model: cpus()[0]?.model ?? null,
        total_memory_bytes: totalmem(),
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        reference: reference.ok ? reference.versions : { unavailable: reference.problem ?? null },
      },
      options: { ...args, data: args.data, out: relative(REPO_ROOT, args.out) },
      workloads: planned,
      notes: NOTES,
      runs: records,
      summaries,
      scaling: fits,
      targets,
      table,
      table_markdown: formatMarkdownTable(TABLE_HEADERS, rows),
    };
    mkdirSync(dirname(args.out), { recursive: true });
    writeFileSync(args.out, `${JSON.stringify(results, null, 2)}\n`);
    say(`\nresults: ${relative(process.cwd(), args.out) || args.out}`);
    return records.every((r) => r.ok) ? 0 : 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const e = coerceError(error);
    process.stderr.write(`bench: ${e.message}\n${e.stack ?? ''}\n`);
    process.exitCode = 1;
  },
);
