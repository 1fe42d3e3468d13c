/**
 * Micro-benchmark of atom-pair featurization (2048 bits, paths 1..3, the enamine-50k protocol):
 *   node dist/bench/featurize-micro.js [--data DIR] [--sample 5000] [--reps 7] [--pool] [--check]
 *
 * - the parts of one row, in this thread, on `--sample` Enamine SMILES after a warm pass (V8 tiers RDKit's
 *   WebAssembly up while it runs): the whole row as `featurizeSmiles` does it, `get_mol` alone, the
 *   fingerprint alone (on Mols held), `delete` alone, and candidate `get_mol` details; repetitions are
 *   interleaved so machine noise hits every variant alike, and the median of each is printed;
 * - `--pool`: the whole 50k through the real worker pool and feature store (each run a fresh cache
 *   folder) beside RDKit.js alone in this thread on the same molecules, alternating;
 * - `--check`: every candidate against the current featurizer, bits and validity, on every molecule of
 *   Enamine 50k, ESOL, BBBP, Lipophilicity and a 20,000 sample of library-2m (mismatches must be zero).
 */
import { setMaxListeners } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  FAST_PARSE_DETAILS,
  featurizeSmiles,
  hasExplicitHydrogenAtom,
  type FeaturizeResult,
} from '../engines/featurize.js';
import { loadRdkit, type RDKitModule } from '../engines/rdkit.js';
import { library2mBlocks, library2mSmiles, LIB2M_SIZE } from '../library/library-2m.js';
import { parseCsv } from '../shared/csv.js';
import { DEFAULT_MAX_ATOMS, type BitMatrix, type FeatureMatrix, type FeaturizerSpec } from '../shared/features.js';
import { createRng, sampleIndices } from '../shared/rng.js';
import { SmilesStore } from '../shared/smiles-store.js';
import { createLocalExecutor } from '../pool/local-executor.js';
import { createPoolSet } from '../pool/pool-set.js';
import { limitsSchema } from '../config/limits-schema.js';
import { createSupervisor } from '../pool/supervisor.js';
import { systemClock } from '../shared/clock.js';
import { createFeatureStore } from '../state/feature-cache.js';

const SPEC: FeaturizerSpec = { kind: 'atom-pair', bits: 2048, min_length: 1, max_length: 3 };
const FP_JSON = JSON.stringify({ nBits: 2048, minLength: 1, maxLength: 3 });
const STRIDE = 256;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

function column(file: string, name: string): string[] {
  const raw = readFileSync(file);
  const text = file.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  const table = parseCsv(text);
  const c = table.header.indexOf(name);
  if (c < 0) throw new Error(`${file} has no column ${name}`);
  return table.rows.map((r) => (r[c] ?? '').trim());
}

/** One candidate parse: its `get_mol` details (the explicit-H rule of the fast path kept). */
interface Candidate {
  readonly name: string;
  readonly details: string;
}

const CANDIDATES: readonly Candidate[] = [
  {
    name: 'get_mol without kekulize',
    details: JSON.stringify({ removeHs: false, assignStereo: false, kekulize: false }),
  },
];

/**
 * Written to find where a candidate's parse differs: aromatic SMILES RDKit cannot kekulize (invalid by the
 * current parse), aromaticity RDKit's model does not share (cyclobutadiene, cyclopentadienone, a thiophene
 * oxide, azulene's 7-ring written aromatic), and ordinary rings for contrast.
 */
const EDGE_PROBES: readonly string[] = [
  'c1cccc1',
  'n1cccc1',
  'b1cccc1',
  'c1cccccc1',
  'c1ccc1',
  'O=c1cccc1',
  'c1ccs(=O)c1',
  'c1ccccccc1',
  'c1ccc2cccc2cc1',
  'c1c[n+]ccc1',
  'c1ccccc1C',
  'C1=CC=CC=C1',
  'c1cc[nH]c1',
  'c1ccoc1',
  'C[n+]1ccccc1',
  'o1c(=O)cccc1',
  'Cn1cnc2c1c(=O)n(C)c(=O)n2C',
  '[se]1cccc1',
  'B1C=CC=C1',
  'O=C1C=CC(=O)C=C1',
];

/** A row loop with the given `get_mol` details (fast path's H rule kept), as featurizeBits does it. */
function rowsWith(
  rdkit: RDKitModule,
  smiles: readonly string[],
  details: string,
): { data: Uint8Array; valid: Uint8Array } {
  const data = new Uint8Array(smiles.length * STRIDE);
  const valid = new Uint8Array(smiles.length);
  for (let i = 0; i < smiles.length; i++) {
    const smi = smiles[i] ?? '';
    if (smi.trim().length === 0) continue;
    const explicitH = hasExplicitHydrogenAtom(smi);
    const mol = explicitH ? rdkit.get_mol(smi) : rdkit.get_mol(smi, details);
    if (mol === null) continue;
    try {
      if (!mol.is_valid() || mol.get_num_atoms() === 0 || mol.get_num_atoms() > DEFAULT_MAX_ATOMS) continue;
      data.set(mol.get_atom_pair_fp_as_uint8array(FP_JSON) as Uint8Array, i * STRIDE);
      valid[i] = 1;
    } finally {
      mol.delete();
    }
  }
  return { data, valid };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** Interleaved repetitions of named loops over `n` molecules; prints µs per molecule (median, min). */
function race(n: number, reps: number, loops: Record<string, () => void>): void {
  const ms: Record<string, number[]> = {};
  for (const fn of Object.values(loops)) fn();
  for (let r = 0; r < reps; r++) {
    for (const [name, fn] of Object.entries(loops)) {
      const t0 = performance.now();
      fn();
      (ms[name] ??= []).push(performance.now() - t0);
    }
  }
  for (const [name, xs] of Object.entries(ms)) {
    const us = (x: number) => ((x * 1000) / n).toFixed(1);
    console.log(`  ${name.padEnd(44)} ${us(median(xs)).padStart(7)} µs/mol (min ${us(Math.min(...xs))})`);
  }
}

function parts(rdkit: RDKitModule, smiles: readonly string[], reps: number): void {
  const n = smiles.length;
  const held = () => smiles.map((s) => rdkit.get_mol(s, FAST_PARSE_DETAILS)).filter((m) => m !== null);
  const loops: Record<string, () => void> = {
    'featurizeSmiles (the whole row, current)': () => void featurizeSmiles(rdkit, smiles, SPEC),
    'get_mol (fast details) + delete': () => {
      for (const s of smiles) rdkit.get_mol(s, FAST_PARSE_DETAILS)?.delete();
    },
    'get_mol (default, no details) + delete': () => {
      for (const s of smiles) rdkit.get_mol(s)?.delete();
    },
    'get_mol (sanitize: false) + delete': () => {
      const d = JSON.stringify({ removeHs: false, assignStereo: false, sanitize: false });
      for (const s of smiles) rdkit.get_mol(s, d)?.delete();
    },
    'fingerprint alone (Mols held)': () => {
      const mols = held();
      const t0 = performance.now();
      for (const m of mols) m.get_atom_pair_fp_as_uint8array(FP_JSON);
      fpMs.push(performance.now() - t0);
      const t1 = performance.now();
      for (const m of mols) m.delete();
      deleteMs.push(performance.now() - t1);
    },
  };
  for (const c of CANDIDATES) {
    loops[`${c.name} + delete`] = () => {
      for (const s of smiles) rdkit.get_mol(s, c.details)?.delete();
    };
  }
  const fpMs: number[] = [];
  const deleteMs: number[] = [];
  race(n, reps, loops);
  const us = (xs: number[]) => ((median(xs) * 1000) / n).toFixed(1);
  console.log(`    of which the fingerprint call ${us(fpMs)} µs/mol, delete ${us(deleteMs)} µs/mol (medians)`);
}

async function pool(rdkit: RDKitModule, smiles: readonly string[], threads: number, reps: number): Promise<void> {
  const store = SmilesStore.from(smiles);
  const pools = createPoolSet(limitsSchema.parse({}), threads);
  pools.prepare(['featurize']);
  const executor = createLocalExecutor({ pools, supervisor: createSupervisor(systemClock), maxFailureRate: 0 });
  const signal = new AbortController().signal;
  setMaxListeners(0, signal); // one abort listener per task in flight, as a campaign's stage has
  const exec = executor.context(0, signal);
  const alone: number[] = [];
  const onPool: number[] = [];
  let differing = 0;
  try {
    for (let r = 0; r < reps; r++) {
      const dir = mkdtempSync(join(tmpdir(), 'alcove-featurize-micro-'));
      try {
        const t0 = performance.now();
        const features = await createFeatureStore(dir).get(store, SPEC, exec);
        onPool.push(performance.now() - t0);
        if (r === 0) differing = countDiffering(features.matrix, features.valid, featurizeSmiles(rdkit, smiles, SPEC));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      const t1 = performance.now();
      featurizeSmiles(rdkit, smiles, SPEC);
      alone.push(performance.now() - t1);
      const rate = (ms: number) => Math.round(smiles.length / (ms / 1000));
      console.log(
        `  pass ${r}: pool ${rate(onPool[r] ?? 0)} mol/s on ${threads} threads, alone ${rate(alone[r] ?? 0)} mol/s on 1`,
      );
    }
  } finally {
    await pools.close();
  }
  console.log(`  the pool's rows against this thread's: ${differing} differ (bits or validity)`);
  const rate = (xs: number[]) => smiles.length / (median(xs) / 1000);
  const ratio = rate(onPool) / (rate(alone) * threads);
  console.log(
    `  median: pool ${rate(onPool).toFixed(0)} mol/s, alone x ${threads} ${(rate(alone) * threads).toFixed(0)}: ratio ${ratio.toFixed(3)}`,
  );
}

/** Rows whose bits or validity differ between two featurizations of the same molecules. */
function countDiffering(matrix: FeatureMatrix, valid: Uint8Array, other: FeaturizeResult): number {
  const a = (matrix as BitMatrix).data;
  const b = (other.matrix as BitMatrix).data;
  let rows = 0;
  for (let i = 0; i < valid.length; i++) {
    let same = valid[i] === other.valid[i];
    for (let k = i * STRIDE; same && k < (i + 1) * STRIDE; k++) same = a[k] === b[k];
    if (!same) rows++;
  }
  return rows;
}

function check(rdkit: RDKitModule, sets: Record<string, readonly string[]>): void {
  for (const [name, smiles] of Object.entries(sets)) {
    const base = featurizeSmiles(rdkit, smiles, SPEC);
    const bits = (base.matrix as BitMatrix).data;
    for (const c of CANDIDATES) {
      const got = rowsWith(rdkit, smiles, c.details);
      let rows = 0;
      let validity = 0;
      for (let i = 0; i < smiles.length; i++) {
        if ((got.valid[i] ?? 0) !== (base.valid[i] ?? 0)) validity++;
        for (let b = 0; b < STRIDE; b++) {
          if (got.data[i * STRIDE + b] !== bits[i * STRIDE + b]) {
            rows++;
            break;
          }
        }
      }
      console.log(
        `  ${name} (${smiles.length}): ${c.name}: ${rows} rows with other bits, ${validity} with other validity`,
      );
    }
  }
}

async function main(): Promise<void> {
  const data = resolve(arg('--data', '../shared/datasets'));
  const sample = Number(arg('--sample', '5000'));
  const reps = Number(arg('--reps', '7'));
  const rdkit = await loadRdkit();
  const enamine = column(join(data, 'Enamine50k_scores.csv.gz'), 'smiles');
  const rows = sampleIndices(enamine.length, sample, createRng(0, 'featurize-micro'));
  console.log(`parts of a row: ${sample} Enamine SMILES (a seeded sample), ${reps} interleaved repetitions`);
  parts(
    rdkit,
    rows.map((i) => enamine[i] ?? ''),
    reps,
  );
  if (process.argv.includes('--pool')) {
    const threads = Number(arg('--threads', '2'));
    console.log(`the whole pool (${enamine.length}) through the worker pool beside RDKit.js alone`);
    await pool(rdkit, enamine, threads, Number(arg('--pool-reps', '3')));
  }
  if (process.argv.includes('--check')) {
    const lib = sampleIndices(LIB2M_SIZE, 20_000, createRng(0, 'featurize-micro-lib2m'));
    console.log('candidates against the current featurizer, every molecule');
    check(rdkit, {
      'Enamine 50k': enamine,
      ESOL: column(join(data, 'delaney-processed.csv'), 'smiles'),
      BBBP: column(join(data, 'BBBP.csv'), 'smiles'),
      Lipophilicity: column(join(data, 'Lipophilicity.csv'), 'smiles'),
      'library-2m sample': lib.map((i) => library2mSmiles(...library2mBlocks(i))),
      'edge probes': EDGE_PROBES,
    });
  }
}

await main();
