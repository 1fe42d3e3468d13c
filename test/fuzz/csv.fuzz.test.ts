/**
 * Fuzz: dataset CSV files. Random bytes, quotes, BOMs, CRLF, missing and duplicate columns, non-finite numbers and
 * huge fields must give a dataset whose invariants hold (finite labels, trimmed unique SMILES, rows in order) or a
 * BAD_DATA refusal naming the file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLabels } from '../../src/data/check-labels.js';
import { datasetFromCsv, loadDataset } from '../../src/data/load-dataset.js';
import type { Dataset, DatasetSpec } from '../../src/data/load-dataset.js';
import { parseCsv } from '../../src/shared/csv.js';
import { AlcoveError } from '../../src/shared/errors.js';
import { asyncOutcome, fuzzRuns, outcome, repoListing } from './fuzz-settings.js';
import { applyByteEdits, byteEdits } from './mutations.js';
import { columnToArray } from '../../src/shared/smiles-store.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-fuzz-csv-'));
const before = repoListing();
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  expect(repoListing()).toBe(before);
});

const META = { path: '/fuzz/data.csv', sha256: '0'.repeat(64) };

const columnName = fc.oneof(
  fc.constantFrom('smiles', 'y', 'id', ' smiles', 'y ', 'Y', '', 'SMILES', 'smiles\u00a0'),
  fc.string({ maxLength: 6 }),
);
const label = fc.oneof(
  fc.constantFrom('1e309', '-1e309', 'inf', '-inf', 'Infinity', '-Infinity', '+INF', 'NaN', 'nan', 'NA', '', ' '),
  fc.constantFrom('abc', '0x1f', '1_000', ' 1 ', '\u0661', '1e-400', '-0', '.5', '5.', '1e', '--1', '0', '1'),
  fc.double().map(String),
  fc.integer().map(String),
);
const smiles = fc.oneof(
  fc.constantFrom(
    'CCO',
    'c1ccccc1',
    'C(=O)O',
    'CCN',
    '  ',
    '',
    'C"C',
    'C,C',
    'C\nC',
    '[Na+].[Cl-]',
    'X',
    'C'.repeat(300),
  ),
  fc.string({ maxLength: 12 }),
);
const cell = fc.oneof(
  { weight: 4, arbitrary: smiles },
  { weight: 4, arbitrary: label },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
  { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 200_000 }).map((n) => 'C'.repeat(n)) },
);

/** A cell as written: quoted when it must be (or at random), raw, or (rarely) with a broken quote. */
function written(value: string, style: number, broken: boolean): string {
  if (broken && style === 1) return `"${value}`;
  if (broken && style === 2) return `${value}"x`;
  if (style === 0 || /[",\r\n]/.test(value)) return `"${value.replaceAll('"', '""')}"`;
  return value;
}

const header = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.shuffledSubarray(['id', 'smiles', 'y'], { minLength: 3 }), fc.array(columnName, { maxLength: 2 }))
      .map(([a, b]) => [...a, ...b]),
  },
  { weight: 1, arbitrary: fc.array(columnName, { maxLength: 5 }) },
);

const row = fc.record({ cells: fc.array(fc.tuple(cell, fc.nat(6)), { maxLength: 8 }), ragged: fc.nat(15) });

const table = fc
  .record({
    header,
    rows: fc.array(row, { maxLength: 12 }),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    bom: fc.boolean(),
    trailing: fc.boolean(),
    blankLines: fc.boolean(),
    broken: fc.nat(9).map((n) => n === 0),
  })
  .map(({ header, rows, eol, bom, trailing, blankLines, broken }) => {
    const lines = [header.join(',')];
    for (const { cells, ragged } of rows) {
      // Rows as long as the header, but for a ragged one in sixteen.
      const width = ragged === 0 ? cells.length : header.length;
      const padded = Array.from({ length: width }, (_, i) => cells[i] ?? (['', 0] as [string, number]));
      lines.push(padded.map(([v, style]) => written(v, style, broken)).join(','));
      if (blankLines && ragged === 1) lines.push('');
    }
    return `${bom ? '\ufeff' : ''}${lines.join(eol)}${trailing ? eol : ''}`;
  });

/** Mostly the columns the tables have; now and then one they lack. */
const usually = <T>(common: T, ...rare: T[]): fc.Arbitrary<T> =>
  fc.oneof({ weight: 6, arbitrary: fc.constant(common) }, { weight: 1, arbitrary: fc.constantFrom(...rare) });

const spec = fc.record({
  path: fc.constant(META.path),
  smiles_column: usually('smiles', 'SMILES', ' smiles'),
  label_column: usually<string | undefined>('y', undefined, 'Y', 'missing'),
  id_column: fc.oneof(usually<string | undefined>(undefined, 'y'), fc.constant('id')),
  keep_unlabeled: fc.boolean(),
}) as fc.Arbitrary<DatasetSpec>;

/** What every loaded dataset must be, whatever the file held. */
function checkDataset(d: Dataset, s: DatasetSpec): void {
  const n = d.smiles.length;
  expect([d.ids.length, d.labels.length, d.sourceRows.length]).toEqual([n, n, n]);
  expect(new Set(columnToArray(d.smiles)).size).toBe(n);
  for (let i = 0; i < n; i++) {
    const smi = d.smiles.get(i);
    expect(smi !== '' && smi === smi.trim()).toBe(true);
    const v = d.labels[i] ?? 0;
    if (Number.isNaN(v)) expect(s.keep_unlabeled || s.label_column === undefined).toBe(true);
    else expect(Number.isFinite(v)).toBe(true);
    if (i > 0) expect(d.sourceRows[i] ?? 0).toBeGreaterThan(d.sourceRows[i - 1] ?? 0);
  }
  if (s.id_column !== undefined) expect(new Set(columnToArray(d.ids)).size).toBe(n);
  for (const task of ['regression', 'classification'] as const) {
    outcome(() => checkLabels(d, { task, column: s.label_column ?? 'y' }), ['BAD_DATA']);
  }
}

function checkCsv(text: string, s: DatasetSpec): void {
  const result = outcome(() => datasetFromCsv(text, s, META), ['BAD_DATA']);
  if (result instanceof AlcoveError) {
    expect(result.message).toContain(META.path);
    expect(result.message).not.toContain('\n');
  } else {
    checkDataset(result, s);
  }
}

describe('CSV fuzz', () => {
  it('structured tables: quotes, BOM, CRLF, missing and duplicate columns, hostile labels, huge fields', () => {
    fc.assert(fc.property(table, spec, checkCsv), fuzzRuns(250));
  });

  it('random text and random bytes', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('utf8')),
      fc.string({
        unit: fc.constantFrom('"', ',', '\n', '\r', 'smiles', 'y', 'C', '1e309', ' ', '\ufeff'),
        maxLength: 80,
      }),
    );
    fc.assert(
      fc.property(text, spec, (t, s) => {
        checkCsv(t, s);
        outcome(() => parseCsv(t), ['BAD_DATA']);
      }),
      fuzzRuns(150),
    );
  });

  it('files on disk, plain or gzip, with byte edits', async () => {
    const good = 'id,smiles,y\n1,CCO,1.5\n2,c1ccccc1,-2\n3,CCN,0.25\n';
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.boolean(), byteEdits, async (gzip, editAfterGzip, edits) => {
        const plain = Buffer.from(good);
        const bytes = gzip
          ? editAfterGzip
            ? applyByteEdits(gzipSync(plain), edits)
            : gzipSync(applyByteEdits(plain, edits))
          : applyByteEdits(plain, edits);
        const path = join(dir, `f${n++}.csv${gzip ? '.gz' : ''}`);
        writeFileSync(path, bytes);
        const s: DatasetSpec = {
          path,
          smiles_column: 'smiles',
          label_column: 'y',
          id_column: 'id',
          keep_unlabeled: false,
        };
        const result = await asyncOutcome(() => loadDataset(s), ['BAD_DATA']);
        if (result instanceof AlcoveError) expect(result.message).toContain(path);
        else checkDataset(result, s);
      }),
      fuzzRuns(60),
    );
  });
});
