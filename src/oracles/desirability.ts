/**
 * The desirability oracle: a score computed from RDKit descriptors in the worker pool (see
 * engines/desirability.ts). Deterministic, so values are memoised per molecule.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Exec } from '../pool/executor.js';
import { readDigestedFile, removeDigestedFile, writeDigestedFile } from '../shared/digest-file.js';
import type { Oracle } from './oracle.js';
import type { StringColumn } from '../shared/smiles-store.js';
import { sha256Json } from '../shared/hash.js';
import { DESIRABILITY_FLOOR, DESIRABILITY_TERMS } from '../engines/desirability.js';

const DESIRABILITY_CHUNK = 256;

/** Part of the cache's key: values computed under other terms are not these (a sweep's cache outlives a run). */
const DEFINITION = sha256Json({ terms: DESIRABILITY_TERMS, floor: DESIRABILITY_FLOOR }).slice(0, 12);

/**
 * @param cacheDir where the whole-pool values (the truth for screening metrics) are kept between runs,
 *   keyed by the terms and the SMILES list's hash, so that a resumed campaign, or a sweep's other runs on
 *   the same pool, do not recompute them. Read on first
 *   use and checked against its digest; a damaged one is computed again (`onCorrupt` is told). Being
 *   recomputable, it is written without fsync, and read only with its digest (`digest-file.ts`).
 */
export function createDesirabilityOracle(
  smiles: StringColumn & { sha256(): string },
  cacheDir?: string,
  onCorrupt: (message: string) => void = () => undefined,
): Oracle {
  const known = new Float64Array(smiles.length).fill(Number.NaN);
  const computed = new Uint8Array(smiles.length);
  const cacheFile = cacheDir === undefined ? null : join(cacheDir, `desirability-${DEFINITION}-${smiles.sha256()}.f64`);
  let cacheRead = cacheFile === null;
  const readCache = (file: string) => {
    cacheRead = true;
    const read = readDigestedFile(file, { requireDigest: true });
    if (!read.ok) {
      if (read.missing) return;
      onCorrupt(`warning: oracle cache ${file} is damaged (${read.why}); computing it again`);
      removeDigestedFile(file);
      return;
    }
    if (read.bytes.length === smiles.length * 8) {
      known.set(new Float64Array(read.bytes.buffer, read.bytes.byteOffset, smiles.length));
      computed.fill(1);
    }
  };

  async function ensure(indices: readonly number[], exec: Exec): Promise<void> {
    if (!cacheRead && cacheFile !== null) readCache(cacheFile);
    const todo = indices.filter((i) => computed[i] === 0);
    const chunks: number[][] = [];
    for (let s = 0; s < todo.length; s += DESIRABILITY_CHUNK) chunks.push(todo.slice(s, s + DESIRABILITY_CHUNK));
    await exec.call('oracle', 'oracle', (record) =>
      Promise.all(
        chunks.map(async (chunk) => {
          const result = await exec.supervise('oracle', 'oracle', chunk, async (items, ctx) => {
            const r = await exec.run(
              'oracle',
              { type: 'desirability', smiles: items.map((i) => smiles.at(i) ?? '') },
              ctx.signal,
            );
            record(r.stats);
            return { value: r.value.values, heapUsed: r.stats.heapUsed };
          });
          // Molecules whose call failed after retries stay unknown (null labels), and are tried again next time.
          for (const part of result.parts) {
            part.items.forEach((idx, j) => {
              known[idx] = part.value[j] ?? Number.NaN;
              computed[idx] = 1;
            });
          }
        }),
      ),
    );
  }

  return {
    kind: 'desirability',
    recomputable: true,
    async label(indices, exec) {
      await ensure(indices, exec);
      return indices.map((i) => {
        const v = known[i];
        return v === undefined || Number.isNaN(v) ? null : v;
      });
    },
    async truth(exec) {
      if (!cacheRead && cacheFile !== null) readCache(cacheFile);
      if (computed.includes(0)) {
        await ensure(
          Array.from({ length: smiles.length }, (_, i) => i),
          exec,
        );
        if (cacheFile !== null && !computed.includes(0)) {
          mkdirSync(dirname(cacheFile), { recursive: true });
          const bytes = new Uint8Array(known.buffer, known.byteOffset, known.byteLength);
          writeDigestedFile(cacheFile, bytes, { durable: false });
        }
      }
      return known;
    },
  };
}
