/**
 * A set of row indices whose keys are compared through callbacks (hash and equality of the rows'
 * strings in a SmilesStore builder): deduplication of millions of SMILES or ids without a Map of millions
 * of JS strings. Open addressing with linear probing over an Int32Array, kept at most half full.
 */
export interface UniqueIndex {
  /** The earlier row equal to `row`, or -1 after adding `row` to the set. */
  findOrAdd(row: number): number;
}

export function createUniqueIndex(
  hashAt: (row: number) => number,
  equalAt: (a: number, b: number) => boolean,
): UniqueIndex {
  let slots = new Int32Array(1 << 12).fill(-1);
  let hashes = new Uint32Array(slots.length);
  let size = 0;

  const insert = (row: number, h: number): void => {
    const mask = slots.length - 1;
    let s = h & mask;
    while ((slots[s] as number) >= 0) s = (s + 1) & mask;
    slots[s] = row;
    hashes[s] = h;
  };
  const grow = (): void => {
    const oldSlots = slots;
    const oldHashes = hashes;
    slots = new Int32Array(oldSlots.length * 2).fill(-1);
    hashes = new Uint32Array(slots.length);
    for (let s = 0; s < oldSlots.length; s++) {
      const row = oldSlots[s] as number;
      if (row >= 0) insert(row, oldHashes[s] as number);
    }
  };

  return {
    findOrAdd(row) {
      const h = hashAt(row);
      const mask = slots.length - 1;
      for (let s = h & mask; ; s = (s + 1) & mask) {
        const other = slots[s] as number;
        if (other < 0) break;
        if (hashes[s] === h && equalAt(other, row)) return other;
      }
      if (2 * (size + 1) > slots.length) grow();
      insert(row, h);
      size++;
      return -1;
    },
  };
}
