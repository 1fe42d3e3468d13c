/** Package round trip on a tiny real campaign: create, verify, tamper (named), reproduce (identical). */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import { createPackage } from '../../src/package/create-package.js';
import { reproducePackage } from '../../src/package/reproduce-package.js';
import { readArchive } from '../../src/package/read-archive.js';
import { writeArchive, type ArchiveEntry } from '../../src/package/write-archive.js';
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

/** Every file of an archive, in archive order, read back through an extraction folder. */
async function archiveEntries(file: string): Promise<ArchiveEntry[]> {
  const into = mkdtempSync(join(dir, 'read-'));
  const { files } = await readArchive(file, { extractTo: into });
  return files.map((f) => ({ path: f.path, data: readFileSync(join(into, f.path)) }));
}

describe('archive', () => {
  it('round-trips files, long paths (pax), non-ASCII names and empty files', async () => {
    const entries = [
      { path: 'a.txt', data: Buffer.from('hello') },
      { path: `${'d'.repeat(120)}/${'f'.repeat(90)}.json`, data: Buffer.alloc(1000, 7) },
      { path: `${'deep/'.repeat(60)}${'n'.repeat(150)}.csv`, data: Buffer.from('long') },
      { path: 'données/molécule.csv', data: Buffer.from('é') },
      { path: 'empty', data: Buffer.alloc(0) },
    ];
    const file = join(dir, 'round-trip.tar.gz');
    await writeArchive(entries, file);
    expect((await archiveEntries(file)).map((e) => [e.path, Buffer.from(e.data).toString('hex')])).toEqual(
      entries.map((e) => [e.path, e.data.toString('hex')]),
    );
  });
});

describe('reproducibility package', () => {
  const file = join(dir, 'tiny.tar.gz');
  it('creates a complete package that verifies', async () => {
    const r = await createPackage(join(dir, 'run'), file, systemClock);
    expect(r.kind).toBe('campaign');
    expect(r.datasetIncluded).toBe(true);
    const v = await verifyPackage(file);
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.programs).toEqual([]);
    const names = (await readArchive(file)).files.map((e) => e.path);
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

  it('a package with one byte changed fails verification, naming the file', async () => {
    const entries = await archiveEntries(file);
    const target = entries.find((e) => e.path === 'metrics/summary.json')!;
    const data = Buffer.from(target.data);
    data[10] = data[10] === 0x41 ? 0x42 : 0x41;
    const tampered = join(dir, 'tampered.tar.gz');
    await writeArchive(
      entries.map((e) => (e === target ? { path: e.path, data } : e)),
      tampered,
    );
    const v = await verifyPackage(tampered);
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => `${p.kind} ${p.path}`)).toEqual(['changed metrics/summary.json']);
    // A corrupt archive is refused with a clear message.
    const raw = readFileSync(file);
    raw[raw.length - 20] = (raw[raw.length - 20] ?? 0) ^ 0xff;
    writeFileSync(join(dir, 'corrupt.tar.gz'), raw);
    await expect(verifyPackage(join(dir, 'corrupt.tar.gz'))).rejects.toThrow(/corrupt/);
  });

  it('reproduce re-runs it with identical metrics and reports the environment', async () => {
    const before = readdirSync(dir).sort();
    const r = await reproducePackage({ file, stateDir: join(dir, 'again'), clock: systemClock, pools });
    // Extracted through a temp folder beside the target, which is gone; the package folder holds its files only.
    expect(readdirSync(dir).sort()).toEqual([...before, 'again'].sort());
    const listed = (await readArchive(file)).files.map((f) => f.path).sort();
    const extracted = readdirSync(join(dir, 'again', 'package'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(join(dir, 'again', 'package').length + 1))
      .sort();
    expect(extracted).toEqual(listed);
    expect(r.metricDifferences).toEqual([]);
    expect(r.status).toBe('identical');
    expect(r.environmentDifferences.filter((d) => d.field === 'node')).toEqual([]);
  });
});
