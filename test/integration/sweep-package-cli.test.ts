/**
 * The sweep and package commands end to end, as a user runs them: a small sweep, resumed; a package of it,
 * verified, tampered with (verify fails naming the file) and reproduced with identical metrics.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-sweep-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sweepFile = join(dir, 'sweep.yaml');
writeFileSync(
  sweepFile,
  `name: tiny
base:
  seed: 1
  dataset: { builtin: amide-library, subsample: 200 }
  featurizer: { kind: morgan, radius: 2, bits: 512 }
  model: { trees: 8, max_depth: 5 }
  campaign: { initial: 10, batch: 10, generations: 1, top_k: 5 }
grid:
  acquisition.strategy: [greedy, random]
seeds: 2
metric: topk_scores
goal: maximize
concurrency: 2
`,
);
const sweepDir = join(dir, 'sweep');

describe('sweep, package, verify, reproduce from the command line', () => {
  it('runs every combination once, and a second call skips them all', async () => {
    const first = await runCli(['sweep', '--config', sweepFile, '--state-dir', sweepDir]);
    expect(first.code, first.stderr + first.stdout).toBe(0);
    const rows = readFileSync(join(sweepDir, 'results.jsonl'), 'utf8').trim().split('\n');
    expect(rows).toHaveLength(4);
    expect(existsSync(join(sweepDir, 'results.csv'))).toBe(true);
    expect(existsSync(join(sweepDir, 'sweep.html'))).toBe(true);
    const results = JSON.parse(readFileSync(join(sweepDir, 'results.json'), 'utf8')) as { best?: unknown };
    expect(results.best).toBeDefined();

    const again = await runCli(['sweep', '--config', sweepFile, '--state-dir', sweepDir]);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(join(sweepDir, 'results.jsonl'), 'utf8').trim().split('\n')).toHaveLength(4);
  });

  it('packages the sweep, verifies it, catches a changed byte, and reproduces identical metrics', async () => {
    const pkg = join(dir, 'tiny.tar.gz');
    const made = await runCli(['package', '--state-dir', sweepDir, '--out', pkg]);
    expect(made.code, made.stderr).toBe(0);
    const ok = await runCli(['verify', pkg]);
    expect(ok.code, ok.stderr + ok.stdout).toBe(0);

    // Flip one byte inside a packaged file's content (not the tar header) and re-gzip.
    const tar = gunzipSync(readFileSync(pkg));
    const at = tar.indexOf(Buffer.from('"topk_scores"'));
    expect(at).toBeGreaterThan(0);
    tar[at + 2] = (tar[at + 2] ?? 0) ^ 0x20;
    const bad = join(dir, 'tampered.tar.gz');
    writeFileSync(bad, gzipSync(tar));
    const tampered = await runCli(['verify', bad]);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout + tampered.stderr).toMatch(/changed: \S+\.json/);
    const json = await runCli(['verify', bad, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, kind: 'sweep', problems: [{ kind: 'changed' }] });

    const again = await runCli(['reproduce', pkg, '--state-dir', join(dir, 'again')]);
    expect(again.code, again.stderr + again.stdout).toBe(0);
    expect(again.stdout + again.stderr).toMatch(/identical|no differences|match/i);
  });
});
