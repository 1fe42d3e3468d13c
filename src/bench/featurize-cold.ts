/**
 * A cold featurize pool, as a campaign has it, chunk by chunk (issue #16: where a campaign's featurization
 * loses against RDKit.js alone):
 *   node [V8 flags] dist/bench/featurize-cold.js [--data DIR] [--molecules 50000] [--threads 2] [--warm-passes 1]
 *     [--library-2m]
 *
 * In a fresh process (nothing has run RDKit's WebAssembly yet, so V8 starts on its baseline tier), the pool is
 * prepared as a campaign's featurize stage prepares it, and the molecules (Enamine's atom pairs, or with
 * `--library-2m` a seeded sample of library-2m and Morgan r=2 2048 bits, the scale-2m protocol) go through its chunk plan
 * with the same tasks in flight per thread. Printed: each chunk's molecules per second of worker time, in the
 * order they started; then per-thread CPU over the featurize window (`/proc/self/task/<tid>/stat`: the main
 * thread, the workers, the rest: V8's compiler and GC threads, libuv); then the same pool again (warm), and
 * RDKit.js alone on the main thread over a warm sample for the ratio. CPU seconds are what the threads got,
 * not what the machine's load left them: rates per CPU second hold under contention, wall rates do not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { featurizeSmiles } from '../engines/featurize.js';
import { loadRdkit } from '../engines/rdkit.js';
import { library2mBlocks, library2mSmiles, LIB2M_SIZE } from '../library/library-2m.js';
import { parseCsv } from '../shared/csv.js';
import { createRng, sampleIndices } from '../shared/rng.js';
import type { FeaturizerSpec } from '../shared/features.js';
import { createWorkerPool, type WorkerPool } from '../pool/worker-pool.js';
import { compiledRdkitWasm } from '../shared/rdkit-wasm.js';
import { chunkPlan } from '../state/feature-cache.js';

const ATOM_PAIRS: FeaturizerSpec = { kind: 'atom-pair', bits: 2048, min_length: 1, max_length: 3 };
const MORGAN: FeaturizerSpec = { kind: 'morgan', radius: 2, bits: 2048 };
const SPEC = process.argv.includes('--library-2m') ? MORGAN : ATOM_PAIRS;
const FULL_CHUNK = 2048;
const IN_FLIGHT_PER_THREAD = 3;
const TICKS_PER_S = 100; // USER_HZ on Linux

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

/** CPU seconds of every thread of this process, by thread id (utime + stime). */
function threadCpu(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S);
    } catch {
      // A thread that ended between the listing and the read has nothing more to count.
      continue;
    }
  }
  return out;
}

interface ChunkRun {
  readonly start: number;
  readonly molecules: number;
  readonly startedAt: number;
  readonly ms: number;
}

/** Every chunk of the plan through the pool, a few in flight per thread, as `featurizeOnPool` posts them. */
async function runPlan(pool: WorkerPool, smiles: readonly string[]): Promise<{ wallMs: number; chunks: ChunkRun[] }> {
  const plan = chunkPlan(smiles.length, FULL_CHUNK, pool.threads);
  const chunks: ChunkRun[] = [];
  let next = 0;
  const t0 = performance.now();
  const lane = async (): Promise<void> => {
    for (let k = next++; k < plan.length; k = next++) {
      const { start, end } = plan[k] ?? { start: 0, end: 0 };
      const r = await pool.run({ type: 'featurize', smiles: smiles.slice(start, end), spec: SPEC });
      chunks.push({ start, molecules: end - start, startedAt: r.stats.startedAt, ms: r.stats.ms });
    }
  };
  await Promise.all(Array.from({ length: pool.threads * IN_FLIGHT_PER_THREAD }, lane));
  return { wallMs: performance.now() - t0, chunks: chunks.sort((a, b) => a.startedAt - b.startedAt) };
}

function report(label: string, wallMs: number, chunks: readonly ChunkRun[], molecules: number): void {
  const rates = chunks.map((c) => Math.round(c.molecules / (c.ms / 1000)));
  const workerS = chunks.reduce((s, c) => s + c.ms, 0) / 1000;
  console.log(`${label}: ${Math.round(molecules / (wallMs / 1000))} mol/s wall, ${chunks.length} chunks`);
  console.log(`  molecules per worker-second, per chunk in start order: ${rates.join(' ')}`);
  console.log(`  over all chunks: ${Math.round(molecules / workerS)} mol per worker-second`);
}

function cpuReport(before: Map<number, number>, after: Map<number, number>, threads: number): void {
  const delta = [...after].map(([tid, s]) => ({ tid, s: s - (before.get(tid) ?? 0) }));
  const main = delta.find((d) => d.tid === process.pid)?.s ?? 0;
  const others = delta.filter((d) => d.tid !== process.pid).sort((a, b) => b.s - a.s);
  const workers = others.slice(0, threads);
  const rest = others.slice(threads).reduce((s, d) => s + d.s, 0);
  const total = main + rest + workers.reduce((s, d) => s + d.s, 0);
  const share = (s: number) => `${s.toFixed(2)} s (${((100 * s) / total).toFixed(1)}%)`;
  console.log(
    `  CPU: main ${share(main)}, workers ${workers.map((w) => share(w.s)).join(' + ')}, the rest ${share(rest)}`,
  );
}

function library2mSample(molecules: number): string[] {
  return sampleIndices(LIB2M_SIZE, molecules, createRng(0, 'featurize-cold')).map((i) =>
    library2mSmiles(...library2mBlocks(i)),
  );
}

function enamineSmiles(data: string, molecules: number): string[] {
  const text = gunzipSync(readFileSync(join(data, 'Enamine50k_scores.csv.gz'))).toString('utf8');
  const table = parseCsv(text);
  const c = table.header.indexOf('smiles');
  return table.rows.slice(0, molecules).map((r) => (r[c] ?? '').trim());
}

async function main(): Promise<void> {
  const data = resolve(arg('--data', '../shared/datasets'));
  const molecules = Number(arg('--molecules', '50000'));
  const lib2m = process.argv.includes('--library-2m');
  const smiles = lib2m ? library2mSample(molecules) : enamineSmiles(data, molecules);
  const threads = Number(arg('--threads', '2'));
  const what = lib2m ? 'library-2m molecules, Morgan' : 'Enamine molecules, atom pairs';
  console.log(`V8 flags: ${process.execArgv.join(' ') || '(none)'}; ${smiles.length} ${what}`);
  const c0 = threadCpu();
  const t0 = performance.now();
  const pool = createWorkerPool({ threads, warmRdkit: true, rdkitWasm: compiledRdkitWasm() });
  try {
    const cold = await runPlan(pool, smiles);
    const c1 = threadCpu();
    report('cold pool (from its creation)', performance.now() - t0, cold.chunks, smiles.length);
    cpuReport(c0, c1, threads);
    for (let p = 0; p < Number(arg('--warm-passes', '1')); p++) {
      const warm = await runPlan(pool, smiles);
      report(`warm pool, pass ${p + 1}`, warm.wallMs, warm.chunks, smiles.length);
      cpuReport(c1, threadCpu(), threads);
    }
  } finally {
    await pool.close();
  }
  const rdkit = await loadRdkit();
  const sample = smiles.slice(0, 5000);
  featurizeSmiles(rdkit, sample, SPEC);
  const t1 = performance.now();
  featurizeSmiles(rdkit, sample, SPEC);
  const aloneRate = Math.round(5000 / ((performance.now() - t1) / 1000));
  console.log(`RDKit.js alone on this thread (warm, first 5000): ${aloneRate} mol/s`);
}

await main();
