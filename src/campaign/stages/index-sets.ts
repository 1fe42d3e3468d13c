/** The union of index lists, as a set. */
export function setOf(...lists: ReadonlyArray<readonly number[]>): Set<number> {
  const s = new Set<number>();
  for (const list of lists) for (const i of list) s.add(i);
  return s;
}

/** Pool indices 0 .. n - 1 less the invalid ones, in order. */
export function validIndices(n: number, invalid: readonly number[]): number[] {
  const bad = setOf(invalid);
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (!bad.has(i)) out.push(i);
  return out;
}
