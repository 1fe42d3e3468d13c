/**
 * The recomputable caches (models, features, the desirability oracle's truth) are written without fsync,
 * so a power cut can leave a file without its digest, or short beside a digest already written. Each such
 * outcome must read as damaged or missing and be computed again, never trusted.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDesirabilityOracle } from '../../src/oracles/desirability.js';
import type { Exec } from '../../src/pool/executor.js';
import { DIGEST_SUFFIX, NO_DIGEST, readDigestedFile, writeDigestedFile } from '../../src/shared/digest-file.js';
import { SmilesStore } from '../../src/shared/smiles-store.js';
import { createFeatureStore, featuresKey } from '../../src/state/feature-cache.js';
import { writeFeatureFile } from '../../src/state/feature-file.js';
import { createModelStore } from '../../src/state/model-cache.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const tmp = () => (dir = mkdtempSync(join(tmpdir(), 'alcove-recomputable-')));

/** An Exec whose desirability tasks score a SMILES by its length, counting the molecules it was asked for. */
function lengthExec(asked: string[]): Exec {
  return {
    generation: 0,
    maxFailureRate: 0,
    threads: () => 1,
    call: (_stage, _kind, body) => body(() => undefined),
    supervise: async (_stage, _kind, items, run) => {
      const { value } = await run(items, { signal: new AbortController().signal, attempt: 1 });
      return { parts: [{ items, value }], failed: [], dropped: [] };
    },
    run: (_stage, task) => {
      const smiles = (task as { readonly smiles: readonly string[] }).smiles;
      asked.push(...smiles);
      return Promise.resolve({ value: { values: smiles.map((s) => s.length) }, stats: {} } as never);
    },
  };
}

describe('recomputable caches written without fsync', () => {
  it('a non-durable write reads back; without its digest it is damaged when one is required', () => {
    const file = join(tmp(), 'a.bin');
    writeDigestedFile(file, new Uint8Array([1, 2, 3]), { durable: false });
    expect(readDigestedFile(file, { requireDigest: true })).toMatchObject({ ok: true });
    expect(readdirSync(dir).sort()).toEqual(['a.bin', `a.bin${DIGEST_SUFFIX}`]);
    rmSync(`${file}${DIGEST_SUFFIX}`);
    expect(readDigestedFile(file, { requireDigest: true })).toEqual({ ok: false, missing: false, why: NO_DIGEST });
    expect(readDigestedFile(file).ok).toBe(true);
  });

  it('a model without its digest, or emptied beside it, is trained again with a notice', () => {
    const notices: string[] = [];
    const model = (bytes: Uint8Array) => ({ bytes, encode: () => bytes });
    const store = createModelStore(tmp(), model, (m) => notices.push(m));
    store.put('a', model(new Uint8Array([1, 2, 3, 4])));
    store.put('b', model(new Uint8Array([5, 6, 7, 8])));
    rmSync(`${store.fileOf('a')}${DIGEST_SUFFIX}`);
    truncateSync(store.fileOf('b'), 0);
    const after = createModelStore(dir, model, (m) => notices.push(m));
    expect(after.has('a')).toBe(false);
    expect(after.has('b')).toBe(false);
    expect(notices).toEqual([
      expect.stringMatching(/model artifact .*a\.bin is damaged \(no digest beside it\); training it again/),
      expect.stringMatching(/model artifact .*b\.bin is damaged \(its sha256 is/),
    ]);
    expect(existsSync(store.fileOf('a')) || existsSync(store.fileOf('b'))).toBe(false);
  });

  it('features without their digest are featurized again', async () => {
    const smiles = SmilesStore.from(['CC', 'CO']);
    const spec = { kind: 'morgan', radius: 2, bits: 8 } as const;
    const file = join(tmp(), `${featuresKey(smiles, spec)}.bin`);
    const bits = { kind: 'bits', rows: 2, bits: 8, bytesPerRow: 1, data: new Uint8Array([3, 5]) } as const;
    writeFeatureFile(file, bits, new Uint8Array([1, 1]), []);
    rmSync(`${file}${DIGEST_SUFFIX}`);
    const notices: string[] = [];
    const recompute = new Error('recomputing');
    const exec = { call: () => Promise.reject(recompute) } as unknown as Exec;
    await expect(createFeatureStore(dir, (m) => notices.push(m)).get(smiles, spec, exec)).rejects.toBe(recompute);
    expect(notices).toEqual([expect.stringMatching(/feature cache .* is damaged \(no digest beside it\)/)]);
  });

  it("the desirability truth is computed again when its digest is lost, and kept when it is whole", async () => {
    const smiles = SmilesStore.from(['C', 'CC', 'CCC']);
    const asked: string[] = [];
    const first = await createDesirabilityOracle(smiles, tmp()).truth(lengthExec(asked));
    expect([...(first ?? [])]).toEqual([1, 2, 3]);
    const cache = readdirSync(dir).find((f) => f.endsWith('.f64')) as string;
    await createDesirabilityOracle(smiles, dir).truth(lengthExec(asked));
    expect(asked).toHaveLength(3); // read back from the cache: nothing asked again
    rmSync(join(dir, `${cache}${DIGEST_SUFFIX}`));
    const notices: string[] = [];
    const again = await createDesirabilityOracle(smiles, dir, (m) => notices.push(m)).truth(lengthExec(asked));
    expect([...(again ?? [])]).toEqual([1, 2, 3]);
    expect(asked).toHaveLength(6);
    expect(notices).toEqual([expect.stringMatching(/oracle cache .* is damaged \(no digest beside it\)/)]);
    expect(readDigestedFile(join(dir, cache), { requireDigest: true }).ok).toBe(true);
  });
});
