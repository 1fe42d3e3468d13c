/**
 * `alcove compare` on two real state folders (test/fixtures/compare: summary.json, db.json and the audit
 * trail's first line of two runs of a tiny sweep): the page, its curves against molecules labeled, the
 * random baseline, the table; and the refusals (exit 2, the folder named, nothing written).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/run-cli.js';
import { readComparedCampaign } from '../../src/compare/index.js';
import { runMain } from '../helpers/cli.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/compare');
const root = mkdtempSync(join(tmpdir(), 'alcove-compare-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function copy(name: string): string {
  const d = join(root, name);
  cpSync(join(FIXTURES, name), d, { recursive: true });
  return d;
}

interface Island {
  readonly figures: Record<string, { data: { name: string; x: number[]; y: (number | null)[]; mode?: string }[] }>;
}

function island(html: string): Island {
  const m = /<script type="application\/json" id="results-data">([^<]*)<\/script>/.exec(html);
  return JSON.parse(m?.[1] ?? 'null') as Island;
}

describe('alcove compare', () => {
  const greedy = copy('greedy');
  const random = copy('random');

  it('reads a campaign: name, model, strategy, generations, headline, curve and pool', () => {
    const c = readComparedCampaign(greedy, 'runs/greedy');
    expect(c).toMatchObject({
      name: 'greedy-tiny',
      model: 'random-forest',
      strategy: 'greedy',
      generation: 2,
      generations: 2,
      labeled: 20,
      headline: 'topk_scores',
      headlineValue: 0.1,
      // A subsample of 150 molecules and no held-out set.
      pool: 150,
    });
    expect(c.points.map((p) => p.labeled)).toEqual([10, 15, 20]);
  });

  it('writes one page with both curves against labeled, the baseline and the table, and prints its path', async () => {
    const out = join(root, 'out', 'both.html');
    const r = await runMain(['compare', greedy, random, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(EXIT.done);
    expect(r.stdout).toContain(`compare: 2 campaigns: `);
    expect(r.stdout).toContain('both.html');
    expect(existsSync(join(root, 'out', 'plotly.min.js'))).toBe(true);
    const html = readFileSync(out, 'utf8');
    const traces = island(html).figures['plot-compare-0']?.data ?? [];
    expect(traces.map((t) => t.name)).toEqual(['greedy-tiny', 'random-tiny', 'random baseline']);
    expect(traces[0]?.x).toEqual([10, 15, 20]);
    expect(traces[0]?.y).toEqual([0, 0.1, 0.1]);
    const baseline = traces[2];
    expect(baseline?.x).toEqual([0, 10, 15, 20]);
    expect(baseline?.y.map((v) => Number(v?.toFixed(4)))).toEqual([0, 0.0667, 0.1, 0.1333]);
    for (const text of ['greedy-tiny', 'random-forest', 'topk_scores 0.100', 'topk_scores 0.000', '2 / 2'])
      expect(html).toContain(text);
  });

  it('refuses a folder that is not a campaign, naming it, before writing anything (exit 2)', async () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    const out = join(root, 'refused', 'page.html');
    const r = await runMain(['compare', greedy, empty, '--out', out]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toBe(
      `alcove: ${empty}: not a campaign state folder (no summary.json; alcove run --state-dir writes one)\n`,
    );
    expect(existsSync(join(root, 'refused'))).toBe(false);

    const missing = await runMain(['compare', join(root, 'nope'), '--out', out]);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toContain('nope: no such folder');

    const torn = copy('random');
    writeFileSync(join(torn, 'summary.json'), '{"status":');
    const bad = await runMain(['compare', torn, '--out', out]);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toMatch(/summary\.json: cannot be read as JSON/);
    expect(existsSync(join(root, 'refused'))).toBe(false);

    expect((await runMain(['compare'])).code).toBe(EXIT.usage);
  });

  it('names a sweep folder as such', async () => {
    const sweep = join(root, 'a-sweep');
    mkdirSync(sweep);
    writeFileSync(join(sweep, 'sweep.json'), '{}');
    const r = await runMain(['compare', sweep, '--out', join(root, 'x.html')]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain('is a sweep folder; compare its runs');
  });
});
