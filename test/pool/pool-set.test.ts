import { afterEach, describe, expect, it } from 'vitest';
import { limitsSchema } from '../../src/config/limits-schema.js';
import { createPoolSet, type PoolSet } from '../../src/pool/pool-set.js';

describe('pool set', () => {
  let pools: PoolSet | undefined;
  afterEach(async () => {
    await pools?.close();
    pools = undefined;
  });

  it('stages of one profile share a pool, prepared ahead or not; a prepared, RDKit-warming pool featurizes as any other', async () => {
    const limits = limitsSchema.parse({ train: { memory_mb: 512 } });
    pools = createPoolSet(limits, 2);
    pools.prepare(['featurize', 'train', 'explore']);
    const featurize = pools.forStage('featurize');
    // featurize and explore share the default profile; train has its own (a memory cap): two pools.
    expect(pools.forStage('explore')).toBe(featurize);
    expect(pools.forStage('train')).not.toBe(featurize);
    expect(pools.forStage('evaluate')).toBe(featurize);
    // The warm pool (RDKit loading as its workers boot) featurizes as any other, invalid SMILES included.
    const r = await featurize.run({
      type: 'featurize',
      smiles: ['CCO', 'C1CC(', 'c1ccccc1'],
      spec: { kind: 'morgan', radius: 2, bits: 64 },
    });
    expect(Array.from(r.value.valid)).toEqual([1, 0, 1]);
    expect(r.value.errors.map((e) => e.index)).toEqual([1]);
    // Task stats are on the process-wide high-resolution epoch (the dispatch meter compares them).
    expect(Math.abs(r.stats.startedAt - (performance.timeOrigin + performance.now()))).toBeLessThan(60_000);
  });

  it("sums its workers' CPU time per task (the thread's own), kept once the pools are closed", async () => {
    pools = createPoolSet(limitsSchema.parse({}), 1);
    expect(pools.workerCpuMs?.()).toBe(0);
    const smiles = Array.from({ length: 400 }, (_, i) => `C${'C'.repeat(i % 20)}O`);
    const r = await pools
      .forStage('featurize')
      .run({ type: 'featurize', smiles, spec: { kind: 'morgan', radius: 2, bits: 64 } });
    // Linux tells; the thread was on a CPU for part of the task's wall time at most.
    expect(r.stats.cpuMs).toBeGreaterThan(0);
    expect(r.stats.cpuMs).toBeLessThanOrEqual(r.stats.ms + 1);
    expect(pools.workerCpuMs?.()).toBe(r.stats.cpuMs);
    await pools.close();
    expect(pools.workerCpuMs?.()).toBe(r.stats.cpuMs);
  });
});
