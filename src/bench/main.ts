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
import { coerceError } from '../shared/errors.js';
import { scalingFit, summarizeWorkloads, type RunRecord } from './aggregate-runs.js';
import { BENCH_HELP, parseBenchArgs, type BenchArgs } from './bench-args.js';
import { BENCH_NOTES, QUICK_NOTE } from './bench-notes.js';
import { formatMarkdownTable, formatTable } from './format-table.js';
import { pairedLines } from './paired-workload.js';
import { checkReference, INSTALL_ADVICE, type ReferenceAvailability } from './reference-run.js';
import { buildReportRows, TABLE_HEADERS } from './report-rows.js';
import { runWorkloads } from './run-workloads.js';
import { writeSubsample } from './subsample-file.js';
import { runEsolForest, type EsolForestResult } from './esol-forest.js';
import { esolForestRows, esolForestTargets, evaluateNetworkTargets } from './network-targets.js';
import { evaluateTargets } from './targets.js';
import { ESOL_FILE, planWorkloads, SUBSAMPLE_SEED, type Workload } from './workloads.js';
import { oracleFanoutRows, runOracleFanout, type OracleFanoutResult } from './oracle-fanout.js';
import { runStandalone, STANDALONE_WORKLOADS } from './run-standalone.js';
import { runSlurmBench, slurmBenchRows } from './slurm-executor.js';
import { bullmqBenchRows, runBullmqBench } from './bullmq-executor.js';

const FANOUT = 'oracle-fanout';
const FANOUT_HEADERS = ['oracle-fanout', 'Alcove', 'target', ''];

/** The oracle fan-out workload (no data set, no reference): its table, printed. */
async function fanoutRun(): Promise<OracleFanoutResult> {
  say(`${FANOUT}: a fake docking oracle of 1 s per molecule, parallel 2 ...`);
  const result = await runOracleFanout(REPO_ROOT);
  say('');
  say(formatTable(FANOUT_HEADERS, oracleFanoutRows(result)));
  return result;
}

const SLURM_BENCH = 'slurm-executor';

/** The SLURM executor workload (only on demand: it needs a SLURM); its table, printed and written. */
async function slurmRun(out: string): Promise<number> {
  say(`${SLURM_BENCH}: the command oracle's chunks on SLURM against local processes ...`);
  const result = await runSlurmBench(REPO_ROOT);
  say(formatTable([SLURM_BENCH, 'SLURM', 'local', 'ratio'], slurmBenchRows(result)));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ version: 1, slurm_executor: result }, null, 2)}\n`);
  return 0;
}

const BULLMQ_BENCH = 'bullmq-executor';

/** The BullMQ executor workload (only on demand: it needs a Redis); its table, printed and written. */
async function bullmqRun(out: string): Promise<number> {
  say(`${BULLMQ_BENCH}: the command oracle's chunks on two BullMQ workers against local processes ...`);
  const result = await runBullmqBench(REPO_ROOT);
  say(formatTable([BULLMQ_BENCH, 'BullMQ', 'local', 'ratio'], bullmqBenchRows(result)));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ version: 1, bullmq_executor: result }, null, 2)}\n`);
  return 0;
}

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(BENCH_DIR, '..', '..');

function say(line: string): void {
  process.stdout.write(`${line}\n`);
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

/** Whether the reference loop can run here; says why not, and that the bench goes on with Alcove alone. */
async function referenceFor(args: BenchArgs): Promise<ReferenceAvailability> {
  if (args.alcoveOnly) return { ok: false, versions: {}, problem: 'not requested (--alcove-only)' };
  const reference = await checkReference(args.python, args.reference);
  if (!reference.ok) {
    say(`bench: the reference loop cannot run: ${reference.problem ?? 'unknown problem'}`);
    say(`bench: install its packages with:  ${INSTALL_ADVICE}`);
    say("bench: running Alcove alone; ratios and the reference's figures are left empty.");
  }
  return reference;
}

/** Runs, summaries, targets and the table: everything results.json holds beyond the run's context. */
function analyse(planned: readonly Workload[], records: readonly RunRecord[], esolForest: EsolForestResult | null) {
  const summaries = summarizeWorkloads(planned, records);
  const fits = { alcove: scalingFit(summaries, 'alcove'), reference: scalingFit(summaries, 'reference') };
  const headline = summaries.find((s) => s.role === 'headline');
  const targets = [
    ...evaluateTargets(
      headline,
      fits.alcove,
      undefined,
      summaries.find((s) => s.id === 'enamine-50k-paired'),
    ),
    ...evaluateNetworkTargets(summaries),
    ...esolForestTargets(esolForest),
  ];
  const rows = buildReportRows(summaries, targets, fits, esolForestRows(esolForest, targets));
  return { summaries, fits, targets, rows, table: formatTable(TABLE_HEADERS, rows) };
}

function machineInfo(reference: ReferenceAvailability) {
  return {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? null,
    total_memory_bytes: totalmem(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    reference: reference.ok ? reference.versions : { unavailable: reference.problem ?? null },
  };
}

/** The esol-forest comparison when asked for (every full run, or --only esol-forest); null otherwise. */
async function esolForestFor(args: BenchArgs, reference: ReferenceAvailability, tmp: string) {
  const wanted = args.only.length === 0 ? !args.quick : args.only.includes('esol-forest');
  const file = join(args.data, ESOL_FILE);
  if (!wanted) return null;
  if (!existsSync(file)) {
    say(`skipping esol-forest: ${ESOL_FILE} is not in ${args.data}`);
    return null;
  }
  const result = await runEsolForest(file, reference.ok ? args.python : null, tmp);
  const r = result.reference;
  say(
    `esol-forest: Alcove train ${result.alcove.train_s.toFixed(2)} s, R2 ${result.alcove.r2.toFixed(3)}; ` +
      (r === null
        ? (result.reference_problem ?? '')
        : `sklearn train ${r.train_s.toFixed(2)} s, R2 ${r.r2.toFixed(3)}`),
  );
  return result;
}

/** Runs the planned workloads, prints the table and writes results.json; the exit code. */
async function benchRun(
  argv: readonly string[],
  args: BenchArgs,
  workloads: readonly Workload[],
  reference: ReferenceAvailability,
  tmp: string,
  fanout: OracleFanoutResult | null,
): Promise<number> {
  const startedAt = new Date();
  const inputs = prepareInputs(workloads, args, tmp);
  const runnable = workloads.filter((w) => inputs.has(w.id));
  const esolForest = await esolForestFor(args, reference, tmp);
  if (runnable.length === 0 && esolForest === null) {
    say(`bench: none of the data sets were found in ${args.data}; nothing to run.`);
    return 2;
  }
  // A paired workload starts Alcove from the reference's initial batches: it needs the reference's Python.
  const planned = runnable.filter((w) => {
    if (w.pairedWith === undefined || reference.ok) return true;
    say(`skipping ${w.id}: it draws the reference's initial batches with its Python, which cannot run here`);
    return false;
  });
  const options = { args, inputs, referenceOk: reference.ok, tmp, benchDir: BENCH_DIR, repoRoot: REPO_ROOT, say };
  const records = await runWorkloads(planned, options);
  const { summaries, fits, targets, rows, table } = analyse(planned, records, esolForest);
  say('');
  say(table);
  say('');
  for (const line of pairedLines(planned, records)) say(line);
  for (const note of BENCH_NOTES) say(`- ${note}`);
  if (args.quick) say(`- ${QUICK_NOTE}`);

  const results = {
    version: 1,
    command: `npm run bench -- ${argv.join(' ')}`.trim(),
    started_at: startedAt.toISOString(),
    finished_at: new Date().toISOString(),
    machine: machineInfo(reference),
    options: { ...args, data: args.data, out: relative(REPO_ROOT, args.out) },
    workloads: planned,
    notes: BENCH_NOTES,
    runs: records,
    summaries,
    esol_forest: esolForest,
    scaling: fits,
    targets,
    table,
    table_markdown: formatMarkdownTable(TABLE_HEADERS, rows),
    ...(fanout === null
      ? {}
      : {
          oracle_fanout: fanout,
          oracle_fanout_markdown: formatMarkdownTable(FANOUT_HEADERS, oracleFanoutRows(fanout)),
        }),
  };
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(results, null, 2)}\n`);
  say(`\nresults: ${relative(process.cwd(), args.out) || args.out}`);
  return records.every((r) => r.ok) ? 0 : 1;
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
  if (args.only.includes(SLURM_BENCH)) return slurmRun(args.out);
  if (args.only.includes(BULLMQ_BENCH)) return bullmqRun(args.out);
  const withFanout = args.only.length === 0 || args.only.includes(FANOUT);
  if (args.only.length > 0 && args.only.every((o) => o === FANOUT)) {
    const fanout = await fanoutRun();
    mkdirSync(dirname(args.out), { recursive: true });
    writeFileSync(args.out, `${JSON.stringify({ version: 1, oracle_fanout: fanout }, null, 2)}\n`);
    return 0;
  }
  // Alcove-only workloads too long for every run (scale-2m, sweep-1000): only when named in --only.
  const standalone = args.only.filter((o) => (STANDALONE_WORKLOADS as readonly string[]).includes(o));
  if (standalone.length > 0) {
    const tmp = mkdtempSync(join(tmpdir(), 'alcove-bench-'));
    try {
      const out = await runStandalone(standalone, { benchDir: BENCH_DIR, repoRoot: REPO_ROOT, tmp, say, args });
      mkdirSync(dirname(args.out), { recursive: true });
      writeFileSync(args.out, `${JSON.stringify({ version: 1, ...out }, null, 2)}\n`);
      say(`\nresults: ${relative(process.cwd(), args.out) || args.out}`);
      return 0;
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  args = { ...args, only: args.only.filter((o) => o !== FANOUT) };
  if (!existsSync(args.data)) {
    say(`bench: the data sets folder ${args.data} does not exist.`);
    say(
      'It needs Enamine50k_scores.csv.gz (coleygroup/molpal data/, MIT) and delaney-processed.csv ' +
        '(MoleculeNet ESOL, CC0).',
    );
    say('Put them there, or point the bench at your copy with: npm run bench -- --data DIR');
    return 2;
  }
  const workloads = planWorkloads(args);
  if (workloads.length === 0 && !args.only.includes('esol-forest')) {
    process.stderr.write(`bench: no workload matches --only ${args.only.join(',')}\n`);
    return 2;
  }
  const reference = await referenceFor(args);
  const tmp = mkdtempSync(join(tmpdir(), 'alcove-bench-'));
  if (args.cpuProfDir !== null) mkdirSync(args.cpuProfDir, { recursive: true });
  try {
    const fanout = withFanout ? await fanoutRun() : null;
    return await benchRun(argv, args, workloads, reference, tmp, fanout);
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
