import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderLearningCurveSvg } from '../../src/dashboard/learning-curve-svg.js';
import { metricsTable, renderReport, tasksTable, timingsTable } from '../../src/dashboard/render-report.js';
import type { ReportInput } from '../../src/dashboard/report-input.js';
import { writeReport } from '../../src/dashboard/write-report.js';
import { emptyInput, failedInput, runningInput } from './status-fixtures.js';
import { checkXml } from './xml-check.js';

const DIR = '/runs/amide';

function reportInput(base = runningInput()): ReportInput {
  return {
    ...base,
    dataset: { path: 'data/amides.csv', sha256: 'ab'.repeat(32), rows: 4900, invalid: 3 },
    config: { seed: 7, task: 'regression', campaign: { initial: 0.02, batch: 0.02, generations: 5 } },
    configSha256: 'cd'.repeat(32),
    seed: 7,
    artifacts: [
      { path: `${DIR}/artifacts/models/abc.bin`, bytes: 1234, sha256: 'ef'.repeat(32) },
      { path: 'db.json' },
      { path: '/elsewhere/features/x y.bin' },
    ],
  };
}

describe('report tables', () => {
  it('lists metrics per round, headline first, baseline last', () => {
    expect(metricsTable(runningInput())).toBe(
      [
        '| generation | labeled | **r2** | rmse | spearman | topk_scores | random r2 |',
        '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        '| 0 | 98 | 0.210 | 0.895 | — | 0.020 | 0.200 |',
        '| 1 | 196 | 0.380 | 0.810 | — | 0.090 | — |',
        '| 2 | 294 | 0.520 | 0.740 | — | 0.170 | 0.300 |',
        '| 3 | 392 | 0.610 | 0.695 | — | 0.260 | 0.330 |',
      ].join('\n'),
    );
  });

  it('drops the baseline column when it is unknown', () => {
    const t = metricsTable({ ...runningInput(), randomBaseline: [] });
    expect(t.split('\n')[0]).toBe('| generation | labeled | **r2** | rmse | spearman | topk_scores |');
  });

  it('sums timings per stage with a total row', () => {
    const lines = timingsTable(runningInput()).split('\n');
    expect(lines[2]).toBe('| 0 | 3.0 | 4.0 | 1.0 | 2.0 | 10.0 |');
    expect(lines.at(-1)).toBe('| **all** | 6.0 | 22.0 | 4.0 | 9.0 | 41.0 |');
  });

  it('lists task outcomes per round and stage, failures by class', () => {
    const lines = tasksTable(runningInput()).split('\n');
    expect(lines).toHaveLength(2 + 12);
    expect(lines).toContain('| 1 | train | 8 | 1 | oom 1 |');
    expect(lines).toContain('| 2 | explore | 2 | 0 | timeout 2 |');
  });
});

describe('renderReport', () => {
  const { markdown } = renderReport(DIR, reportInput());

  it('records dataset, config as YAML, seed and the curve', () => {
    expect(markdown).toContain('| `data/amides.csv` | `' + 'ab'.repeat(32) + '` | 4900 | 3 |');
    expect(markdown).toContain('```yaml\nseed: 7\ntask: regression\ncampaign:\n  initial: 0.02\n');
    expect(markdown).toContain('campaign seed: `7`');
    expect(markdown).toContain('![r2 vs labeled molecules](learning-curve.svg)');
  });

  it('links artifacts relative to the report', () => {
    expect(markdown).toContain(
      '| [artifacts/models/abc.bin](artifacts/models/abc.bin) | 1234 | `' + 'ef'.repeat(32) + '` |',
    );
    expect(markdown).toContain('| [db.json](db.json) |  |  |');
    expect(markdown).toContain('(../../elsewhere/features/x%20y.bin)');
  });

  it('escapes untrusted ids', () => {
    expect(markdown).toContain('| 1 | &lt;script&gt;alert(1)&lt;/script&gt; |');
    expect(markdown).not.toMatch(/\| <script>/);
  });

  it('states the failure reason of a failed campaign', () => {
    const failed = renderReport(DIR, reportInput(failedInput())).markdown;
    expect(failed).toContain('> **Failed:** explore: 30 of 98 oracle calls failed');
  });

  it('renders an empty campaign without tables', () => {
    const empty = renderReport(DIR, { ...reportInput(emptyInput()), artifacts: [] });
    expect(empty.markdown).toContain('## Metrics per round\n\n_No finished rounds._');
    expect(checkXml(empty.svg)[0]).toBe('svg');
    expect(empty.svg).toContain('no rounds yet');
  });
});

describe('learning-curve.svg', () => {
  it('is well-formed with one marker per known point', () => {
    const { svg } = renderReport(DIR, reportInput());
    const names = checkXml(svg);
    expect(names[0]).toBe('svg');
    expect(svg.match(/<circle class="point headline"/g)).toHaveLength(4);
    expect(svg.match(/<rect class="point baseline"/g)).toHaveLength(3);
    expect(svg).toContain('>0.7</text>'); // top y tick
    expect(svg).toContain('>400</text>'); // right x tick
  });

  it('breaks the line at unknown values and escapes its text', () => {
    const svg = renderLearningCurveSvg({
      title: 'a <b> & "c"',
      xTitle: 'x',
      yTitle: 'y',
      headline: [
        { x: 1, y: 0.1 },
        { x: 2, y: null },
        { x: 3, y: 0.3 },
        { x: 4, y: 0.4 },
      ],
      baseline: [],
    });
    checkXml(svg);
    expect(svg.match(/<circle class="point headline"/g)).toHaveLength(3);
    const d = /<g class="series headline">\n<path d="([^"]+)"/.exec(svg)?.[1] ?? '';
    expect(d.match(/M/g)).toHaveLength(2);
    expect(svg).toContain('a &lt;b&gt; &amp; &quot;c&quot;');
    expect(svg).not.toContain('random acquisition');
  });

  it('the checker itself rejects broken markup', () => {
    expect(() => checkXml('<svg><g></svg>')).toThrow();
    expect(() => checkXml('<svg>a & b</svg>')).toThrow();
    expect(() => checkXml('<svg><rect x=1/></svg>')).toThrow();
  });
});

describe('writeReport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alcove-report-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes report.md and learning-curve.svg', () => {
    const out = writeReport(dir, reportInput());
    expect(out.report).toBe(join(dir, 'report.md'));
    expect(readFileSync(out.report, 'utf8')).toContain('# Alcove report: amide-greedy');
    expect(checkXml(readFileSync(out.svg, 'utf8'))[0]).toBe('svg');
  });
});

describe('report figures and molecules', () => {
  it('embeds the PNG figures when they were rendered, else says how to get them', () => {
    const figures = [{ file: 'figure-parity.png', title: 'Parity: predicted before labeling vs measured' }];
    const md = renderReport(DIR, { ...reportInput(), figures }).markdown;
    expect(md).toContain('## Figures\n\n![Parity: predicted before labeling vs measured](figure-parity.png)');
    const none = renderReport(DIR, { ...reportInput(), figuresSkipped: 'no Chromium found' }).markdown;
    expect(none).not.toContain('## Figures');
    expect(none).toContain(
      '`alcove run --report --state-dir DIR` where Chromium is installed (not rendered: no Chromium found)',
    );
  });

  it('names the label in the best molecules table, with the prediction at acquisition and generation', () => {
    const md = renderReport(DIR, reportInput()).markdown;
    expect(md).toContain('Label: column "pIC50" of library.csv.');
    expect(md).toContain('| # | id | SMILES | pIC50 | predicted at acquisition | generation |');
    expect(md).toContain('| 8.100 ± 0.400 | 3 |');
    expect(md).toMatch(/\| 9\.250 \| — \| 0 \|/);
  });
});
