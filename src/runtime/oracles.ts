/**
 * Oracles label the molecules a campaign acquires.
 *
 * - `lookup`: the dataset's label column (measured values, docking scores). A molecule without a label is
 *   a failed oracle call: it spends budget and is recorded, never retried into a value.
 * - `desirability`: computed from RDKit descriptors in the worker pool (see engines/desirability.ts);
 *   deterministic, so values are memoised per molecule.
 *
 * `truth()` gives every pool molecule's value for retrospective screening metrics (the true top-k), or
 * null when the oracle cannot know it without being called on everything.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Dataset } from '../data/load-dataset.js';
import { sha256 } from '../shared/hash.js';
import { writeFileAtomic } from '../shared/write-file-atomic.js';
import type { WorkerPool } from './worker-pool.js';

export interface Oracle {
  readonly kind: string;
  /** Values aligned with `indices`; null where the call failed. */
  label(indices: readonly number[], signal?: AbortSignal): Promise<(number | null)[]>;
  truth(signal?: AbortSignal): Promise<Float64Array | null>;
}

export function createLookupOracle(dataset: Pick<Dataset, 'labels'>): Oracle {
  return {
    kind: 'lookup',
    label: async (indices) =>
      indices.map((i) => {
        const v = dataset.labels[i];
        return v === undefined || Number.isNaN(v) ? null : v;
      }),
    truth: async () => dataset.labels,
  };
}

const DESIRABILITY_CHUNK = 256;

/**
 * @param cacheDir where the whole-pool values (the truth for screening metrics) are kept between runs,
 *   keyed by the SMILES list's hash, so that a resumed campaign does not recompute them.
 */
export function createDesirabilityOracle(smiles: readonly string[], pool: WorkerPool, cacheDir?: string): Oracle {
  const known = new Float64Array(smiles.length).fill(Number.NaN);
  const computed = new Uint8Array(smiles.length);
  const cacheFile = cacheDir === undefined ? null : join(cacheDir, `desirability-${sha256(smiles.join('\n'))}.f64`);
  if (cacheFile !== null && existsSync(cacheFile)) {
    const bytes = readFileSync(cacheFile);
    if (bytes.length === smiles.length * 8) {
      known.set(new Float64Array(bytes.buffer, bytes.byteOffset, smiles.length));
      computed.fill(1);
    }
  }

  async function ensure(indices: readonly number[], signal?: AbortSignal): Promise<void> {
    const todo = indices.filter((i) => computed[i] === 0);
    const chunks: number[][] = [];
    for (let s = 0; s < todo.length; s += DESIRABILITY_CHUNK) chunks.push(todo.slice(s, s + DESIRABILITY_CHUNK));
    await Promise.all(
      chunks.map(async (chunk) => {
        const { value } = await pool.run(
          { type: 'desirability', smiles: chunk.map((i) => smiles[i] ?? '') },
          signal ? { signal } : {},
        );
        chunk.forEach((idx, j) => {
          known[idx] = value.values[j] ?? Number.NaN;
          computed[idx] = 1;
        });
      }),
    );
  }

  return {
    kind: 'desirability',
    async label(indices, signal) {
      await ensure(indices, signal);
      return indices.map((i) => {
        const v = known[i];
        return v === undefined || Number.isNaN(v) ? null : v;
      });
    },
    async truth(signal) {
      if (computed.includes(0)) {
        await ensure(
          Array.from({ length: smiles.length }, (_, i) => i),
          signal,
        );
        if (cacheFile !== null) {
          mkdirSync(dirname(cacheFile), { recursive: true });
          writeFileAtomic(cacheFile, new Uint8Array(known.buffer, known.byteOffset, known.byteLength));
        }
      }
      return known;
    },
  };
}
