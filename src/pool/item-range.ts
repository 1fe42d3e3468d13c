/** Item indices [start, end). A plain loop: `Array.from({ length }, fn)` took ~1 ms per 12k items. */
export function range(start: number, end: number): number[] {
  const n = Math.max(0, end - start);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = start + i;
  return out;
}
