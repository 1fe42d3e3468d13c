/**
 * The built-in `library-2m`: every core × amine × aryl of `library-2m-blocks.ts` (2,000,000 products),
 * assembled as SMILES strings (no RDKit per product: two million parses would take longer than the
 * campaign), in a fixed order (core-major, then amine, then aryl), each with its computed score
 * (`block-score.ts`). Written as `id,smiles,score` gzip CSV, streamed, atomically (temp file + rename).
 *
 * Products are distinct molecules by construction: the five heads give different linkages, and within a
 * head every ring, amine and aryl is a different molecule (checked by the tests), each on its own side of
 * the linkage. The SMILES are valid but not canonical (a test parses a random sample with RDKit.js).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { threadId } from 'node:worker_threads';
import { DESIRABILITY_TERMS } from '../engines/desirability.js';
import type { RDKitModule } from '../engines/rdkit.js';
import { AlcoveError } from '../shared/errors.js';
import { sha256 } from '../shared/hash.js';
import { createLibrary2mScorer, SCORE_WEIGHTS } from './block-score.js';
import { LIB2M_AMINES, LIB2M_ARYLS, LIB2M_CORES } from './library-2m-blocks.js';
import { shiftRingDigits } from './ring-digits.js';

/** Bump when the assembly or the score changes in a way the block lists do not show. */
const LIB2M_VERSION = 2;
export const LIB2M_COLUMNS = ['id', 'smiles', 'score'] as const;
export const LIB2M_SIZE = LIB2M_CORES.length * LIB2M_AMINES.length * LIB2M_ARYLS.length;

/** Names the cache file: a hash of everything the file's content follows from. */
export function library2mDefinitionHash(): string {
  return sha256(
    JSON.stringify({
      version: LIB2M_VERSION,
      cores: LIB2M_CORES,
      amines: LIB2M_AMINES,
      aryls: LIB2M_ARYLS,
      score: { weights: SCORE_WEIGHTS, terms: DESIRABILITY_TERMS },
    }),
  );
}

export function library2mFileName(): string {
  return `library-2m-${library2mDefinitionHash().slice(0, 16)}.csv.gz`;
}

const pad3 = (i: number) => String(i + 1).padStart(3, '0');

/** `C017-N123-R045`: 1-based positions of the core, amine and aryl in their lists. */
export function library2mId(core: number, amine: number, aryl: number): string {
  return `C${pad3(core)}-N${pad3(amine)}-R${pad3(aryl)}`;
}

/** The blocks of row `index` (file order). */
export function library2mBlocks(index: number): [core: number, amine: number, aryl: number] {
  if (!Number.isInteger(index) || index < 0 || index >= LIB2M_SIZE) {
    throw new AlcoveError('INTERNAL', `library-2m has no row ${index}`);
  }
  const perCore = LIB2M_AMINES.length * LIB2M_ARYLS.length;
  const core = Math.floor(index / perCore);
  const rest = index - core * perCore;
  return [core, Math.floor(rest / LIB2M_ARYLS.length), rest % LIB2M_ARYLS.length];
}

/** The core template cut around its two slots, and the aryls with their ring digits moved past the core's. */
const CORE_PARTS = LIB2M_CORES.map((c) => {
  const [before, afterN] = c.template.split('{N}') as [string, string];
  const [middle, after] = afterN.split('{R}') as [string, string];
  return [before, middle, after] as const;
});
const PLACED_ARYLS = LIB2M_ARYLS.map((a) => shiftRingDigits(a.smiles, 2));

export function library2mSmiles(core: number, amine: number, aryl: number): string {
  const parts = CORE_PARTS[core];
  const n = LIB2M_AMINES[amine];
  const r = PLACED_ARYLS[aryl];
  if (parts === undefined || n === undefined || r === undefined) {
    throw new AlcoveError('INTERNAL', `no library-2m product C${core} N${amine} R${aryl}`);
  }
  return `${parts[0]}${n.smiles}${parts[1]}${r}${parts[2]}`;
}

const CHUNK_ROWS = 20_000;

/** The header, then the CSV text of `rows` (ascending row indices; null: every row) in chunks of 20,000. */
function* csvChunks(rdkit: RDKitModule, rows: ArrayLike<number> | null): Generator<string> {
  const scorer = createLibrary2mScorer(rdkit);
  yield `${LIB2M_COLUMNS.join(',')}\n`;
  const total = rows === null ? LIB2M_SIZE : rows.length;
  for (let start = 0; start < total; start += CHUNK_ROWS) {
    const lines: string[] = [];
    for (let k = start; k < Math.min(total, start + CHUNK_ROWS); k++) {
      const [c, n, r] = library2mBlocks(rows === null ? k : (rows[k] as number));
      lines.push(`${library2mId(c, n, r)},${library2mSmiles(c, n, r)},${scorer.score(c, n, r).toFixed(4)}\n`);
    }
    yield lines.join('');
  }
}

let tempCounter = 0;

/**
 * Enumerate, score and write the library to `path` (gzip CSV); readers never see a half-written file.
 * @param rows only these rows, ascending (a subsample: the bench's scaling series, tests); null: all.
 */
export async function writeLibrary2m(
  rdkit: RDKitModule,
  path: string,
  rows: ArrayLike<number> | null = null,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  tempCounter += 1;
  const temp = `${path}.${process.pid}.${threadId}.${tempCounter}.tmp`;
  try {
    // Level 1: the file is read once per campaign and written once per machine; level 6 is 3x slower here.
    await pipeline(Readable.from(csvChunks(rdkit, rows)), createGzip({ level: 1 }), createWriteStream(temp));
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}
