import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SmilesStore, columnToArray, createSmilesStoreBuilder } from '../../src/shared/smiles-store.js';
import { createUniqueIndex } from '../../src/shared/unique-index.js';

const noBreaks = fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !s.includes('\n'));

describe('SmilesStore', () => {
  it('gives back every string, slices and picks, and hashes as the joined list', () => {
    fc.assert(
      fc.property(fc.array(noBreaks, { maxLength: 200 }), (strings) => {
        const store = SmilesStore.from(strings);
        expect(store.length).toBe(strings.length);
        expect(columnToArray(store)).toEqual(strings);
        expect(store.at(-1)).toBeUndefined();
        expect(store.at(strings.length)).toBeUndefined();
        expect(store.slice(1, 4)).toEqual(strings.slice(1, 4));
        const picks = strings.map((_, i) => i).filter((i) => i % 3 === 0);
        expect(columnToArray(store.pick(picks))).toEqual(picks.map((i) => strings[i]));
        expect(store.sha256()).toBe(createHash('sha256').update(strings.join('\n')).digest('hex'));
      }),
    );
  });

  it('holds a pool in one buffer: bytes, not JS strings', () => {
    const store = SmilesStore.from(Array.from({ length: 10_000 }, (_, i) => `CC(=O)N${i}`));
    // 10-14 bytes of text, a separator and a 4-byte offset per string.
    expect(store.byteLength).toBeLessThan(10_000 * 20);
    expect(store.get(9999)).toBe('CC(=O)N9999');
  });

  it('pops the last string and compares strings by their bytes', () => {
    const b = createSmilesStoreBuilder();
    b.push('CCO');
    b.push('CCN');
    b.push('CCO');
    expect(b.equalAt(0, 2)).toBe(true);
    expect(b.equalAt(0, 1)).toBe(false);
    expect(b.hashAt(0)).toBe(b.hashAt(2));
    b.pop();
    b.push('é');
    expect(columnToArray(b.build())).toEqual(['CCO', 'CCN', 'é']);
  });
});

describe('createUniqueIndex', () => {
  it('finds the first equal row, as a Map of strings would, through growth and collisions', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 5000 }), (values) => {
        // A hash with many collisions: equality must still decide.
        const index = createUniqueIndex(
          (i) => (values[i] as number) % 7,
          (a, b) => values[a] === values[b],
        );
        const first = new Map<number, number>();
        values.forEach((v, i) => {
          const expected = first.get(v) ?? -1;
          if (expected < 0) first.set(v, i);
          expect(index.findOrAdd(i)).toBe(expected);
        });
      }),
      { numRuns: 30 },
    );
  });
});
