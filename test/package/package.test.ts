/** Package round trip on a tiny real campaign: create, verify, tamper (named), reproduce (identical). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import { createPackage } from '../../src/package/create-package.js';
import { reproducePackage } from '../../src/package/reproduce-package.js';
import { readTar, readTarGz, writeTar, writeTarGz } from '../../src/package/tar.js';
import { verifyPackage } from '../../src/package/verify-package.js';
import { createPoolSet, type PoolSet } from '../../src/pool/pool-set.js';
import { runCampaign } from '../../src/campaign/run-campaign.js';
import { systemClock } from '../../src/shared/clock.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-pkg-'));
let pools: PoolSet;
const CONFIG = `name: tiny
seed: 4
dataset: { builtin: amide-library, subsample: 200 }
featurizer: { kind: morgan, radius: 2, bits: 512 }
model: { trees: 5, max_depth: 6 }
campaign: { initial: 10, batch: 10, generations: 1, top_k: 5 }
`;

beforeAll(async () => {
  const loaded = parseConfigText(CONFIG, join(dir, 'tiny.yaml'));
  pools = createPoolSet(loaded.config.limits, 2);
  const r = await runCampaign({
    loaded,
    stateDir: join(dir, 'run'),
    resume: false,
    pools,
    clock: systemClock,
    liveRefresh: false,
  });
  expect(r.status).toBe('done');
});
afterAll(async () => {
  await pools.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tar', () => {
  it('round-trips files, long paths and empty files', () => {
    const long = `${'d'.repeat(120)}/${'f'.repeat(90)}.json`;
    const entries = [
      { path: 'a.txt', data: Buffer.from('hello') },
      { path: long, data: Buffer.alloc(1000, 7) },
      { path: 'empty', data: Buffer.alloc(0) },
    ];
    const tar = writeTar(entries);
    expect(tar.length % 512).toBe(0);
    expect(readTar(tar).map((e) => [e.path, Buffer.from(e.data).toString('hex')])).toEqual(
      entries.map((e) => [e.path, e.data.toString('hex')]),
    );
    expect(readTarGz(writeTarGz(entries))).toHaveLength(3);
  });
});

describe('reproducibility package', () => {
  const file = join(dir, 'tiny.tar.gz');
  it('creates a complete package that verifies', () => {
    const r = createPackage(join(dir, 'run'), file, systemClock);
    expect(r.kind).toBe('campaign');
    expect(r.datasetIncluded).toBe(true);
    const v = verifyPackage(file);
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    const names = readTarGz(readFileSync(file)).map((e) => e.path);
    for (const f of [
      'MANIFEST.json',
      'README.md',
      'config.yaml',
      'package-lock.json',
      'package.json',
      'environment.json',
      'dataset.json',
      'dataset/amide-library.csv',
      'audit.jsonl',
      'metrics/summary.json',
    ]) {
      expect(names).toContain(f);
    }
  });

  it('a package with one byte changed fails verification, naming the file', () => {
    const entries = readTarGz(readFileSync(file));
    const target = entries.find((e) => e.path === 'metrics/summary.json')!;
    const data = Buffer.from(target.data);
    data[10] = data[10] === 0x41 ? 0x42 : 0x41;
    const tampered = join(dir, 'tampered.tar.gz');
    writeFileSync(tampered, writeTarGz(entries.map((e) => (e === target ? { path: e.path, data } : e))));
    const v = verifyPackage(tampered);
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => `${p.kind} ${p.path}`)).toEqual(['changed metrics/summary.json']);
    // A corrupt archive is refused with a clear message.
    const raw = readFileSync(file);
    raw[raw.length - 20] = (raw[raw.length - 20] ?? 0) ^ 0xff;
    writeFileSync(join(dir, 'corrupt.tar.gz'), raw);
    expect(() => verifyPackage(join(dir, 'corrupt.tar.gz'))).toThrow(/corrupt/);
  });

  it('reproduce re-runs it with identical metrics and reports the environment', async () => {
    const r = await reproducePackage({ file, stateDir: join(dir, 'again'), clock: systemClock, pools });
    expect(r.metricDifferences).toEqual([]);
    expect(r.status).toBe('identical');
    expect(r.environmentDifferences.filter((d) => d.field === 'node')).toEqual([]);
  });
});
