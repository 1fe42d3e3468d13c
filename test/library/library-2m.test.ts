import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignConfigSchema } from '../../src/config/campaign-schema.js';
import { loadDataset } from '../../src/data/load-dataset.js';
import type { RDKitModule } from '../../src/engines/rdkit.js';
import { canonicalSmiles, loadRdkit, withMol } from '../../src/engines/rdkit.js';
import {
  blockAffinity,
  cappedCore,
  createLibrary2mScorer,
  type Library2mScorer,
} from '../../src/library/block-score.js';
import { LIB2M_AMINES, LIB2M_ARYLS, LIB2M_CORES } from '../../src/library/library-2m-blocks.js';
import {
  LIB2M_SIZE,
  library2mBlocks,
  library2mFileName,
  library2mId,
  library2mSmiles,
  writeLibrary2m,
} from '../../src/library/library-2m.js';
import { shiftRingDigits } from '../../src/library/ring-digits.js';
import { createRng, sampleIndices } from '../../src/shared/rng.js';

let rdkit: RDKitModule;
let scorer: Library2mScorer;
const dir = mkdtempSync(join(tmpdir(), 'alcove-lib2m-'));
beforeAll(async () => {
  rdkit = await loadRdkit();
  scorer = createLibrary2mScorer(rdkit);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A seeded sample of product rows, the same every run. */
const SAMPLE = sampleIndices(LIB2M_SIZE, 400, createRng(7, 'lib2m-test'));

describe('library-2m blocks', () => {
  it('has 100 cores × 160 amines × 125 aryls = 2,000,000 products', () => {
    expect([LIB2M_CORES.length, LIB2M_AMINES.length, LIB2M_ARYLS.length]).toEqual([100, 160, 125]);
    expect(LIB2M_SIZE).toBe(2_000_000);
  });

  // Attachment points as dummy atoms: 3- and 4-fluorophenyl are one molecule as Ar-H, two blocks as Ar-*.
  it.each([
    ['amines', LIB2M_AMINES.map((b) => `[*:1]${b.smiles}`)],
    ['aryls', LIB2M_ARYLS.map((b) => `[*:2]${b.smiles}`)],
    ['cores', LIB2M_CORES.map((c) => c.template.replace('{N}', '[*:1]').replace('{R}', '[*:2]'))],
  ])('%s are distinct molecules, and every block parses', (_name, smiles) => {
    const canonical = smiles.map((s) => canonicalSmiles(rdkit, s));
    expect(canonical.filter((c) => c === null)).toEqual([]);
    expect(new Set(canonical).size).toBe(smiles.length);
  });

  it('amines start with an N that has a hydrogen to react with', () => {
    const bad = LIB2M_AMINES.filter((b) => !b.smiles.startsWith('N'));
    expect(bad).toEqual([]);
  });
});

describe('library-2m products', () => {
  it('numbers rows core-major and names them by their blocks', () => {
    expect(library2mBlocks(0)).toEqual([0, 0, 0]);
    expect(library2mBlocks(125)).toEqual([0, 1, 0]);
    expect(library2mBlocks(LIB2M_SIZE - 1)).toEqual([99, 159, 124]);
    expect(library2mId(16, 122, 44)).toBe('C017-N123-R045');
    expect(() => library2mBlocks(LIB2M_SIZE)).toThrow(/no row/);
  });

  it('assembles known products', () => {
    expect(library2mSmiles(0, 0, 0)).toBe('O=C(NC)c1ccc(-c3ccccc3)cc1');
    // naphthalene core (ring 2 open) with a morpholino aryl (ring 2 → 4) and a bicyclic amine.
    const s = library2mSmiles(19, 22, 12);
    expect(s).toBe('O=C(NC12CC3CC(CC(C3)C1)C2)c1ccc2cc(-c3ccc(N4CCOCC4)cc3)ccc2c1');
    expect(canonicalSmiles(rdkit, s)).not.toBeNull();
  });

  it('gives valid, distinct molecules on a random sample', () => {
    const canonical = SAMPLE.map((i) => canonicalSmiles(rdkit, library2mSmiles(...library2mBlocks(i))));
    expect(canonical.filter((c) => c === null)).toEqual([]);
    expect(new Set(canonical).size).toBe(SAMPLE.length);
  });

  it('shifts ring digits outside brackets only', () => {
    expect(shiftRingDigits('c1ccc2[nH]ccc2c1', 2)).toBe('c3ccc4[nH]ccc4c3');
    expect(shiftRingDigits('[13CH3]c1ccccc1', 2)).toBe('[13CH3]c3ccccc3');
    expect(() => shiftRingDigits('c1ccccc1', 9)).toThrow(/past 9/);
  });
});

describe('library-2m score', () => {
  it('estimates the mass, heavy atoms and aromatic rings of the product exactly (sample)', () => {
    for (const i of SAMPLE.slice(0, 100)) {
      const blocks = library2mBlocks(i);
      const real = withMol(
        rdkit,
        library2mSmiles(...blocks),
        (m) => JSON.parse(m.get_descriptors()) as Record<string, number>,
      );
      const est = scorer.estimate(...blocks);
      expect(est.exactmw).toBeCloseTo(real?.exactmw ?? Number.NaN, 6);
      expect(est.NumHeavyAtoms).toBe(real?.NumHeavyAtoms);
      expect(est.NumAromaticRings).toBe(real?.NumAromaticRings);
    }
  });

  it('is deterministic and has known values', () => {
    const a = scorer;
    const b = createLibrary2mScorer(rdkit);
    expect(SAMPLE.map((i) => a.score(...library2mBlocks(i)))).toEqual(
      SAMPLE.map((i) => b.score(...library2mBlocks(i))),
    );
    expect(a.score(0, 0, 0)).toBeCloseTo(-1.903, 3);
    expect(blockAffinity('c1ccccc1')).toBeCloseTo(blockAffinity('c1ccccc1'), 12);
    expect(cappedCore(LIB2M_CORES[20]!)).toBe('O=S(=O)([H])c1ccccc1');
  });

  it('spreads: the top 0.1% of a sample lies well above the median', () => {
    const all = sampleIndices(LIB2M_SIZE, 20_000, createRng(3, 'tail')).map((i) => scorer.score(...library2mBlocks(i)));
    all.sort((x, y) => x - y);
    const at = (q: number) => all[Math.floor(q * (all.length - 1))] ?? Number.NaN;
    const spread = at(0.75) - at(0.25);
    expect(at(0.999) - at(0.5)).toBeGreaterThan(2 * spread);
  });
});

describe('writeLibrary2m', () => {
  it('writes id,smiles,score gzip CSV that loads as a dataset, names it by its definition', async () => {
    const path = join(dir, library2mFileName());
    expect(library2mFileName()).toMatch(/^library-2m-[0-9a-f]{16}\.csv\.gz$/);
    // A subsample larger than one chunk (20,000 rows), spread over the whole library.
    const rows = [...sampleIndices(LIB2M_SIZE, 25_000, createRng(1, 'write'))].sort((x, y) => x - y);
    await writeLibrary2m(rdkit, path, rows);
    const ds = await loadDataset({
      path,
      smiles_column: 'smiles',
      id_column: 'id',
      label_column: 'score',
      keep_unlabeled: true,
    });
    expect(ds.smiles.length).toBe(25_000);
    const last = library2mBlocks(rows[24_999] as number);
    expect(ds.ids.at(24_999)).toBe(library2mId(...last));
    expect(ds.smiles.get(24_999)).toBe(library2mSmiles(...last));
    expect(ds.labels[24_999]).toBeCloseTo(scorer.score(...last), 4);
    expect(ds.issues.duplicateSmiles.count).toBe(0);
  });
});

describe('dataset: { builtin: library-2m }', () => {
  it('defaults to the lookup oracle (its score column), which the amide library refuses', () => {
    expect(campaignConfigSchema.parse({ dataset: { builtin: 'library-2m' } }).oracle).toEqual({ kind: 'lookup' });
    const amide = campaignConfigSchema.safeParse({ dataset: { builtin: 'amide-library' }, oracle: { kind: 'lookup' } });
    expect(amide.success).toBe(false);
  });
});
