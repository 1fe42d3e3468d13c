/**
 * Every write can fail (EIO, ENOSPC), through the writers' fault seam (src/shared/write-faults.ts) in a
 * real CLI child. The checkpoint, the audit trail and the artifacts stop the campaign cleanly: exit 1,
 * one line naming the file, no stack, the last checkpoint valid, the lock released, and `--resume`
 * (the disk fixed) ends with the history of an uninterrupted run. A view (status.html, db.json,
 * summary.json, the report) that cannot be written is a warning in the output and in summary.json.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WriteFaultCode, WriteFaultRule } from '../../src/shared/write-faults.js';
import { readCheckpoint } from '../../src/state/checkpoint.js';
import { readJson, science, type Summary } from '../helpers/campaign-history.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-write-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rows = Array.from({ length: 30 }, (_, i) => `${'C'.repeat(1 + (i % 10))}${i >= 10 ? 'O' : ''},${i}`);
writeFileSync(join(dir, 'pool.csv'), `smiles,y\n${rows.join('\n')}\n`);
const config = join(dir, 'small.yaml');
writeFileSync(
  config,
  `dataset: { path: pool.csv, smiles_column: smiles, label_column: y }
oracle: { kind: lookup }
model: { trees: 5 }
campaign: { initial: 4, batch: 3, generations: 2, test_fraction: 0.2 }
`,
);

let runs = 0;
const run = (stateDir: string, extra: string[], writeFaults: WriteFaultRule[] = []) =>
  runCli(['--config', config, '--state-dir', stateDir, '--quiet', ...extra], { writeFaults });

let expected: Summary;
beforeAll(async () => {
  const whole = await run(join(dir, 'whole'), []);
  expect(whole.code, whole.stderr).toBe(0);
  expected = readJson<Summary>(join(dir, 'whole', 'summary.json'));
});

interface StopCase {
  readonly file: string;
  readonly code: WriteFaultCode;
  /** Writes of the file that succeed first: > 0 fails it mid-campaign. */
  readonly after: number;
  readonly named: RegExp;
}

/**
 * Files whose failed write stops the run, each with EIO. ENOSPC: a real full disk in
 * test/integration/full-disk.test.ts, and the audit trail's in test/records/run-audit-failure.test.ts.
 */
const STOPS: readonly StopCase[] = [
  { file: 'audit.jsonl', code: 'EIO', after: 12, named: /audit\.jsonl/ },
  { file: 'state.json', code: 'EIO', after: 5, named: /state\.json/ },
  { file: 'artifacts/models/', code: 'EIO', after: 0, named: /artifacts\/models\/[0-9a-f]{64}\.bin/ },
  { file: 'artifacts/features/', code: 'EIO', after: 0, named: /artifacts\/features\/[0-9a-f]{64}\.bin/ },
];

describe('a write that fails stops the campaign cleanly; --resume finishes it', () => {
  for (const c of STOPS) {
    it(`${c.code} on ${c.file} after ${c.after} writes`, async () => {
      const stateDir = join(dir, `stop-${runs++}`);
      const res = await run(stateDir, [], [{ file: c.file, code: c.code, after: c.after }]);
      expect(res.code, res.stderr).toBe(1);
      const line = res.stderr.split('\n').find((l) => l.includes('cannot write')) ?? '';
      expect(line, res.stderr).toMatch(c.named);
      expect(line).toContain(c.code);
      expect(res.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(res.stderr).not.toMatch(/internal error/);
      expect(existsSync(join(stateDir, 'lock'))).toBe(false);
      const before = readCheckpoint(join(stateDir, 'state.json'), null);
      expect(before.snapshot.value).not.toBe('done');

      const resumed = await run(stateDir, ['--resume']);
      expect(resumed.code, resumed.stderr).toBe(0);
      const got = readJson<Summary & { warnings: string[] }>(join(stateDir, 'summary.json'));
      expect(got.status).toBe('done');
      expect(got.warnings).toEqual([]);
      expect(science(got)).toEqual(science(expected));
    });
  }

  it("EIO on the audit trail's first line: exit 1 before any checkpoint; a plain run starts over", async () => {
    const stateDir = join(dir, `stop-${runs++}`);
    const res = await run(stateDir, [], [{ file: 'audit.jsonl', code: 'EIO' }]);
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).toMatch(/^alcove: cannot write \S+audit\.jsonl: EIO: i\/o error, write;/m);
    expect(existsSync(join(stateDir, 'lock'))).toBe(false);
    expect(existsSync(join(stateDir, 'state.json'))).toBe(false);
    const again = await run(stateDir, []);
    expect(again.code, again.stderr).toBe(0);
    expect(science(readJson<Summary>(join(stateDir, 'summary.json')))).toEqual(science(expected));
  });
});

/** Views, all failing in one run: what each warning names; `times`: writes that fail (the rest go through). */
const VIEWS = [
  { file: 'status.html', warned: /^status page failed: cannot write \S+status\.html: EIO: i\/o error, write$/ },
  { file: 'db.json', warned: /^db\.json failed: cannot write \S+db\.json: EIO: i\/o error, write$/ },
  { file: 'report.md', warned: /^report failed: cannot write \S+report\.md: EIO: i\/o error, write$/ },
  {
    file: 'summary.json',
    times: 1,
    warned: /^summary\.json failed: cannot write \S+summary\.json: EIO: i\/o error, write$/,
  },
] as const;

describe('a view that cannot be written', () => {
  it('is a warning, in the output and in summary.json; the campaign goes on to the end', async () => {
    const stateDir = join(dir, `views-${runs++}`);
    const faults = VIEWS.map((v) => ({
      file: v.file,
      code: 'EIO' as const,
      ...('times' in v ? { times: v.times } : {}),
    }));
    const res = await run(stateDir, [], faults);
    expect(res.code, res.stderr).toBe(0);
    const warnings = res.stderr
      .split('\n')
      .filter((l) => l.startsWith('warning: '))
      .map((l) => l.slice('warning: '.length));
    // One line per view, each once however often it failed; none of them tells to resume.
    expect(warnings.length, res.stderr).toBe(VIEWS.length);
    for (const v of VIEWS)
      expect(
        warnings.filter((w) => v.warned.test(w)),
        v.file,
      ).toHaveLength(1);
    const summary = readJson<Summary & { warnings: string[] }>(join(stateDir, 'summary.json'));
    expect(summary.status).toBe('done');
    expect(summary.warnings).toEqual(warnings);
    expect(science(summary)).toEqual(science(expected));
  });
});

describe('a damaged model artifact found on --resume is trained again', () => {
  // The checkpoint write after `after` fails: the last one on disk is in evaluate (6) or explore (7) of
  // generation 0, whose model then gets a flipped byte.
  for (const [stage, after] of [
    ['evaluate', 6],
    ['explore', 7],
  ] as const) {
    it(`in ${stage}: a warning, in the output and the audit trail, and the same history`, async () => {
      const stateDir = join(dir, `model-${runs++}`);
      const res = await run(stateDir, [], [{ file: 'state.json', code: 'EIO', after }]);
      expect(res.code, res.stderr).toBe(1);
      expect(readCheckpoint(join(stateDir, 'state.json'), null).snapshot.value).toBe(stage);
      const models = join(stateDir, 'artifacts', 'models');
      const bins = readdirSync(models).filter((f) => f.endsWith('.bin'));
      expect(bins.length).toBeGreaterThan(0);
      for (const bin of bins) {
        const bytes = readFileSync(join(models, bin));
        const mid = bytes.length >> 1;
        bytes[mid] = (bytes[mid] ?? 0) ^ 0xff;
        writeFileSync(join(models, bin), bytes);
      }
      const resumed = await run(stateDir, ['--resume']);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stderr).toMatch(/^warning: model artifact \S+\.bin is damaged \(its sha256 is/m);
      expect(resumed.stderr).toMatch(/^warning: the model of generation 0 \(\S+\) is missing or damaged; training/m);
      const notices = readFileSync(join(stateDir, 'audit.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l.includes('"type":"notice"') && l.includes('training it again'));
      expect(notices.length).toBe(2);
      expect(science(readJson<Summary>(join(stateDir, 'summary.json')))).toEqual(science(expected));
    });
  }
});
