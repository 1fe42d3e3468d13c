import { describe, expect, it } from 'vitest';
import { campaignConfigSchema } from '../../src/config/campaign-schema.js';
import { configHash } from '../../src/config/config-hash.js';
import { executorFor } from '../../src/config/executor-schema.js';

const builtin = { dataset: { builtin: 'amide-library' } };

describe('executor config', () => {
  it('takes one spec for every stage', () => {
    const c = campaignConfigSchema.parse({ ...builtin, executor: { kind: 'slurm', partition: 'cpu' } });
    expect(executorFor(c.executor, 'oracle')).toMatchObject({ kind: 'slurm', partition: 'cpu', time: 60 });
    expect(executorFor(c.executor, 'train')).toMatchObject({ kind: 'slurm' });
  });

  it('takes a default with per-stage overrides', () => {
    const c = campaignConfigSchema.parse({
      ...builtin,
      executor: { oracle: { kind: 'bullmq', redis: 'redis://10.0.0.2:6380' } },
    });
    expect(executorFor(c.executor, 'featurize')).toEqual({ kind: 'local' });
    expect(executorFor(c.executor, 'oracle')).toMatchObject({ kind: 'bullmq', queue: 'alcove' });
  });

  it('names the key of a bad spec', () => {
    const r = campaignConfigSchema.safeParse({ ...builtin, executor: { kind: 'bullmq', redis: 'http://x' } });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('redis');
  });

  it('is left out of the config hash', () => {
    const local = campaignConfigSchema.parse(builtin);
    const slurm = campaignConfigSchema.parse({ ...builtin, executor: { kind: 'slurm' } });
    expect(configHash(slurm)).toBe(configHash(local));
  });
});
