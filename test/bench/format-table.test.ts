import { describe, expect, it } from 'vitest';
import {
  fmtBytes,
  fmtMeanSd,
  fmtPass,
  fmtRate,
  fmtRatio,
  fmtSeconds,
  fmtShare,
  formatMarkdownTable,
  formatTable,
} from '../../src/bench/format-table.js';
import { buildReportRows, TABLE_HEADERS } from '../../src/bench/report-rows.js';
import { NO_OVERHEAD_SHARES } from '../../src/bench/run-reports.js';

describe('table formatting', () => {
  it('pads columns and right-aligns numeric ones', () => {
    const text = formatTable(
      ['workload', 'metric', 'Alcove'],
      [
        ['esol', 'wall', '1.50 s'],
        ['enamine-50k', 'featurization rate', '12,345 mol/s'],
      ],
    );
    expect(text).toBe(
      [
        'workload     metric              Alcove',
        '-----------  ------------------  ------------',
        'esol         wall                      1.50 s',
        'enamine-50k  featurization rate  12,345 mol/s',
      ].join('\n'),
    );
  });

  it('markdown escapes pipes', () => {
    expect(formatMarkdownTable(['a', 'b'], [['x|y', '1']])).toBe('| a | b |\n| --- | --- |\n| x\\|y | 1 |');
  });

  it('number formats', () => {
    expect(fmtSeconds(0.0123)).toBe('12.3 ms');
    expect(fmtSeconds(3.14159)).toBe('3.14 s');
    expect(fmtSeconds(142.26)).toBe('142.3 s');
    expect(fmtSeconds(null)).toBe('-');
    expect(fmtRate(6543.6)).toBe('6,544 mol/s');
    expect(fmtShare(0.00567)).toBe('0.57%');
    expect(fmtBytes(286_629_888)).toBe('287 MB');
    expect(fmtBytes(1.6e9)).toBe('1.60 GB');
    expect(fmtRatio(0.0312)).toBe('0.031x');
    expect(fmtRatio(2.345)).toBe('2.35x');
    expect(fmtMeanSd(0.6, 0.02)).toBe('0.600 +/- 0.020');
    expect(fmtMeanSd(0.6, 0)).toBe('0.600');
    expect([fmtPass(true), fmtPass(false), fmtPass(null)]).toEqual(['PASS', 'FAIL', 'n/a']);
  });

  it('report rows: one row per metric present, targets only on the headline workload', () => {
    const summary = {
      runs: 1,
      failed: 0,
      wall_s: 10,
      process_s: null,
      featurize_rate: 5000,
      featurize_s: 10,
      train_s_per_round: null,
      predict_s_per_round: null,
      train_predict_s_per_round: null,
      model_cpu_s: null,
      ...NO_OVERHEAD_SHARES,
      max_rss_bytes: null,
      topk_scores_mean: 0.5,
      topk_scores_sd: 0,
      topk_smiles_mean: 0.5,
      topk_smiles_sd: 0,
      r2_mean: null,
    };
    const rows = buildReportRows(
      [
        {
          id: 'enamine-5k',
          title: '',
          role: 'headline',
          sameProtocol: true,
          poolSize: 5000,
          alcove: summary,
          reference: { ...summary, wall_s: 40, featurize_rate: 2500 },
        },
      ],
      [
        {
          id: 'wall',
          workload: 'enamine-5k',
          metric: '',
          alcove: 10,
          reference: 40,
          ratio: 0.25,
          target: 'ratio <= 0.25',
          pass: true,
        },
      ],
      { alcove: null, reference: null },
    );
    expect(rows.map((r) => r[1])).toEqual(['featurization rate', 'whole campaign wall', 'true top-k scores found']);
    expect(rows[0]).toEqual(['enamine-5k', 'featurization rate', '5,000 mol/s', '2,500 mol/s', '2.00x', '', '']);
    expect(rows[1]).toEqual([
      'enamine-5k',
      'whole campaign wall',
      '10.0 s',
      '40.0 s',
      '0.25x',
      'ratio <= 0.25',
      'PASS',
    ]);
    expect(rows[1]).toHaveLength(TABLE_HEADERS.length);
  });
});
