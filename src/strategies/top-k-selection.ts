/**
 * Partial selection of the `count` best entries of a score array, best first, with a total order:
 * higher score first, then lower id. NaN scores are never selected.
 *
 * A bounded binary heap holding the current `count` best, rooted at the worst of them: O(n log count)
 * time and O(count) memory, and most entries cost a single comparison with the root. Sorting 50,000
 * candidates to keep 500 would be O(n log n) plus an index array of n; a quickselect would be O(n) but
 * needs the same n-sized scratch array and a careful tie-aware partition. Hand-written because it is
 * twenty lines and no dependency in the project offers a keyed partial sort.
 */

/**
 * Positions (into `scores`) of the `count` best entries, best first.
 * `ids[i]` breaks score ties (lower wins) and must be unique for the order to be total.
 */
export function selectTop(scores: ArrayLike<number>, ids: ArrayLike<number>, count: number): Int32Array {
  const n = scores.length;
  if (ids.length !== n) throw new RangeError(`selectTop: ${ids.length} ids for ${n} scores`);
  const cap = Math.max(0, Math.min(Math.floor(count), n));
  if (cap === 0) return new Int32Array(0);

  // better(a, b): a ranks strictly before b.
  const better = (a: number, b: number): boolean => {
    const sa = scores[a] as number;
    const sb = scores[b] as number;
    return sa > sb || (sa === sb && (ids[a] as number) < (ids[b] as number));
  };

  const heap = new Int32Array(cap);
  let size = 0;
  const siftUp = (pos: number): void => {
    const item = heap[pos] as number;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const p = heap[parent] as number;
      if (!better(p, item)) break; // parent is already worse than (or equal to) item: heap order holds
      heap[pos] = p;
      pos = parent;
    }
    heap[pos] = item;
  };
  const siftDown = (pos: number): void => {
    const item = heap[pos] as number;
    for (;;) {
      const l = 2 * pos + 1;
      if (l >= size) break;
      const r = l + 1;
      let worst = l;
      if (r < size && better(heap[l] as number, heap[r] as number)) worst = r;
      const w = heap[worst] as number;
      if (!better(item, w)) break;
      heap[pos] = w;
      pos = worst;
    }
    heap[pos] = item;
  };

  for (let i = 0; i < n; i++) {
    const s = scores[i] as number;
    if (s !== s) continue; // NaN
    if (size < cap) {
      heap[size] = i;
      siftUp(size);
      size++;
    } else if (better(i, heap[0] as number)) {
      heap[0] = i;
      siftDown(0);
    }
  }

  const out = heap.slice(0, size);
  out.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  return out;
}
