/**
 * RDKit's WebAssembly compiled once and posted to the workers: they receive the compiled module, and the
 * fingerprints they compute from it are the ones Emscripten's own loader (which compiles the file itself)
 * gives on this thread.
 */
import { fileURLToPath } from 'node:url';
import * as rdkitPackage from '@rdkit/rdkit';
import { afterEach, describe, expect, it } from 'vitest';
import { limitsSchema } from '../../src/config/limits-schema.js';
import { featurizeSmiles } from '../../src/engines/featurize.js';
import type { RDKitModule } from '../../src/engines/rdkit.js';
import { createPoolSet, type PoolSet } from '../../src/pool/pool-set.js';
import { createWorkerPool, type WorkerPool } from '../../src/pool/worker-pool.js';
import type { BitMatrix, FeaturizerSpec } from '../../src/shared/features.js';
import { compiledRdkitWasm } from '../../src/shared/rdkit-wasm.js';

const probeWorker = fileURLToPath(new URL('../fixtures/workers/wasm-probe-worker.ts', import.meta.url));
const SPEC: FeaturizerSpec = { kind: 'atom-pair', bits: 2048, min_length: 1, max_length: 3 };
const SMILES = [
  'Fc1cccc(C2(c3nnc(Cc4cccc5ccccc45)o3)CCOCC2)c1',
  'O=C(NCc1ccnc(Oc2ccc(F)cc2)c1)c1[nH]nc2c1CCCC2',
  'C[C@H](N)C(=O)O',
  '[2H]C([2H])([2H])Oc1ccccc1',
  'not a smiles',
  '',
  'c1cccc1',
];

/** RDKit.js as its package loads itself: no hook, the file read and compiled by Emscripten. */
async function ownLoad(): Promise<RDKitModule> {
  const factory = (rdkitPackage as unknown as { default: () => Promise<RDKitModule> }).default;
  return factory();
}

describe('RDKit WebAssembly compiled once', () => {
  let pool: WorkerPool | undefined;
  let pools: PoolSet | undefined;
  afterEach(async () => {
    await pool?.close();
    await pools?.close();
    pool = undefined;
    pools = undefined;
  });

  it('is compiled once per thread', () => {
    const module = compiledRdkitWasm();
    expect(module).not.toBeNull();
    expect(compiledRdkitWasm()).toBe(module);
  });

  it('reaches the workers of a pool given it', async () => {
    pool = createWorkerPool({ threads: 1, filename: probeWorker, rdkitWasm: compiledRdkitWasm() });
    expect((await pool.runRaw<boolean>({})).value).toBe(true);
  });

  it('gives the workers the fingerprints and validity of a separately compiled RDKit', async () => {
    pools = createPoolSet(limitsSchema.parse({}), 2);
    pools.prepare(['featurize']);
    const fromPool = await pools.forStage('featurize').run({ type: 'featurize', smiles: SMILES, spec: SPEC });
    const own = featurizeSmiles(await ownLoad(), SMILES, SPEC);
    expect(Array.from(fromPool.value.valid)).toEqual(Array.from(own.valid));
    expect(Array.from(fromPool.value.valid)).toEqual([1, 1, 1, 1, 0, 0, 0]);
    expect(
      Buffer.from((fromPool.value.matrix as BitMatrix).data).equals(Buffer.from((own.matrix as BitMatrix).data)),
    ).toBe(true);
  });
});
