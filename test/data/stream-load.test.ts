import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset, type DatasetSpec } from '../../src/data/load-dataset.js';
import { createLineSplitter, readLines } from '../../src/data/read-lines.js';
import { columnToArray } from '../../src/shared/smiles-store.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alcove-stream-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const spec = (over: Partial<DatasetSpec>): DatasetSpec => ({
  smiles_column: 'smiles',
  label_column: 'y',
  keep_unlabeled: false,
  ...over,
});
const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** `n` distinct SMILES-like strings with labels, as CSV text with the given delimiter. */
function table(n: number, delimiter = ',', offset = 0): string {
  const rows = [`id${delimiter}smiles${delimiter}y`];
  for (let i = 0; i < n; i++)
    rows.push(`m${i + offset}${delimiter}${'C'.repeat(1 + (i % 9))}N${i + offset}${delimiter}${i}`);
  return `${rows.join('\n')}\n`;
}

describe('line splitter', () => {
  it('gives the same lines however the text is cut, CRLF and lone CR included', () => {
    const text = 'a,b\r\nc\rd\n\ne\r\n"f\ng"';
    const whole: string[] = [];
    const one = createLineSplitter((l) => whole.push(l));
    one.push(text);
    one.end();
    for (let cut = 0; cut <= text.length; cut++) {
      const lines: string[] = [];
      const s = createLineSplitter((l) => lines.push(l));
      s.push(text.slice(0, cut));
      s.push(text.slice(cut));
      s.end();
      expect(lines).toEqual(whole);
    }
    expect(whole).toEqual(['a,b', 'c', 'd', '', 'e', '"f', 'g"']);
  });
});

describe('streaming load', () => {
  it('reads a file larger than one chunk, and its gzip, with the same rows and each file hash', async () => {
    const text = table(3000);
    const plain = join(dir, 'big.csv');
    const gz = join(dir, 'big.csv.gz');
    await writeFile(plain, text);
    await writeFile(gz, gzipSync(text));
    // 1 KiB chunks: hundreds of chunk boundaries inside rows.
    const lines: string[] = [];
    expect(await readLines(plain, (l) => lines.push(l), 1024)).toBe(sha(text));
    expect(lines).toHaveLength(3001);
    const a = await loadDataset(spec({ path: plain, id_column: 'id' }));
    const b = await loadDataset(spec({ path: gz, id_column: 'id' }));
    expect(a.smiles.length).toBe(3000);
    expect(columnToArray(b.smiles)).toEqual(columnToArray(a.smiles));
    expect(b.ids.at(2999)).toBe('m2999');
    expect(b.labels[2999]).toBe(2999);
    expect(b.files).toEqual([{ path: gz, sha256: sha(gzipSync(text)), rows: 3000 }]);
    expect(a.sha256).toBe(sha(text));
  });

  it('reads several files as one pool, the first row of a SMILES winning, every file recorded', async () => {
    const first = join(dir, 'part-a.csv');
    const second = join(dir, 'part-b.csv.gz');
    await writeFile(first, 'smiles,y\nC,1\nCC,2\n');
    // Columns in another order, a repeat of the first file's 'CC', and a new one.
    await writeFile(second, gzipSync('y,smiles\n5,CC\n3,CCC\n'));
    const d = await loadDataset(spec({ paths: [first, second] }));
    expect(columnToArray(d.smiles)).toEqual(['C', 'CC', 'CCC']);
    expect(Array.from(d.labels)).toEqual([1, 2, 3]);
    expect(columnToArray(d.ids)).toEqual(['part-a.csv:2', 'part-a.csv:3', 'part-b.csv.gz:3']);
    expect(d.files.map((f) => f.rows)).toEqual([2, 2]);
    expect(d.rowsRead).toBe(4);
    expect(d.issues.duplicateSmiles.examples).toEqual([{ row: 2, id: '2', value: 'CC', file: 'part-b.csv.gz' }]);
    const digests = d.files.map((f) => f.sha256).join('\n');
    expect(d.sha256).toBe(sha(digests));
  });

  it('reads TSV by its extension and any delimiter by dataset.delimiter', async () => {
    const tsv = join(dir, 'lib.tsv');
    await writeFile(tsv, table(5, '\t'));
    const semi = join(dir, 'semi.csv');
    await writeFile(semi, table(5, ';'));
    const t = await loadDataset(spec({ path: tsv }));
    const s = await loadDataset(spec({ path: semi, delimiter: ';' }));
    expect(columnToArray(t.smiles)).toEqual(['CN0', 'CCN1', 'CCCN2', 'CCCCN3', 'CCCCCN4']);
    expect(columnToArray(s.smiles)).toEqual(columnToArray(t.smiles));
  });

  it('reads .smi files: whitespace, SMILES first, an optional name', async () => {
    const smi = join(dir, 'lib.smi');
    await writeFile(smi, 'CCO ethanol\n\nc1ccccc1\tbenzene\nCC\n');
    const d = await loadDataset(spec({ path: smi, label_column: undefined }));
    expect(columnToArray(d.smiles)).toEqual(['CCO', 'c1ccccc1', 'CC']);
    expect(columnToArray(d.ids)).toEqual(['ethanol', 'benzene', '4']);
    expect(d.hasLabels).toBe(false);
    await expect(loadDataset(spec({ path: smi }))).rejects.toMatchObject({ code: 'BAD_CONFIG' });
  });

  it('reports a bad row in the middle of a later file with its file and line', async () => {
    const good = join(dir, 'good.csv');
    const bad = join(dir, 'bad.csv.gz');
    await writeFile(good, table(10));
    const rows = table(2000, ',', 10).split('\n');
    rows[1234] = 'oops,C,1,extra';
    await writeFile(bad, gzipSync(rows.join('\n')));
    await expect(loadDataset(spec({ paths: [good, bad] }))).rejects.toMatchObject({
      code: 'BAD_DATA',
      message: `${bad}: row 1235 has 4 fields, the header has 3`,
    });
    const quoted = join(dir, 'quoted.csv');
    await writeFile(quoted, 'smiles,y\nC,1\n"CC"x,2\nCCC,3\n');
    await expect(loadDataset(spec({ path: quoted }))).rejects.toThrow(
      `${quoted}: line 3: unexpected text after a closing quote`,
    );
  });

  it('keeps a quoted field across lines and a quoted delimiter', async () => {
    const path = join(dir, 'multi.csv');
    await writeFile(path, 'smiles,note,y\nC,"a, b",1\nCC,"two\nlines",2\nCCC,x,3\n');
    const d = await loadDataset(spec({ path }));
    expect(columnToArray(d.smiles)).toEqual(['C', 'CC', 'CCC']);
    expect(Array.from(d.sourceRows)).toEqual([2, 3, 5]);
  });
});

describe('dataset config for library files', () => {
  it('resolves dataset.paths against the config file and checks names and delimiters', async () => {
    const { parseConfigText } = await import('../../src/config/load-config.js');
    const yaml = 'dataset: { paths: [a.csv.gz, sub/b.tsv], label_column: y, delimiter: tab }\n';
    const config = parseConfigText(yaml, join(dir, 'x.yaml')).config;
    expect('paths' in config.dataset && config.dataset.paths).toEqual([join(dir, 'a.csv.gz'), join(dir, 'sub/b.tsv')]);
    expect(() => parseConfigText('dataset: { paths: [a.xlsx], label_column: y }\n', 'x.yaml')).toThrow(
      /dataset\.paths\[0\]: must name a \.csv, \.tsv or \.smi file/,
    );
    expect(() => parseConfigText('dataset: { path: a.csv, label_column: y, delimiter: "ab" }\n', 'x.yaml')).toThrow(
      /dataset\.delimiter/,
    );
  });
});

describe('ids over several files', () => {
  it('derives the ids of a file without an id column when a later one has them', async () => {
    const a = join(dir, 'no-ids.csv');
    const b = join(dir, 'named.smi');
    await writeFile(a, 'smiles\nC\n');
    await writeFile(b, 'CC Z9\n');
    const d = await loadDataset(spec({ paths: [a, b], label_column: undefined }));
    expect(columnToArray(d.ids)).toEqual(['no-ids.csv:2', 'Z9']);
  });
});
