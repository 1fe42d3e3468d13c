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

  const heap = new Int32Array(cap);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i] as number;
    if (s !== s) continue; // NaN
    if (size < cap) {
      heap[size] = i;
      siftUp(heap, size, scores, ids);
      size++;
    } else if (ranksBefore(scores, ids, i, heap[0] as number)) {
      heap[0] = i;
      siftDown(heap, size, scores, ids);
    }
  }
  // Popping the worst into the back leaves the best first, with no comparator to sort by.
  const out = new Int32Array(size);
  for (let end = size - 1; end >= 0; end--) {
    out[end] = heap[0] as number;
    heap[0] = heap[end] as number;
    siftDown(heap, end, scores, ids);
  }
  return out;
}

// Module-level rather than closures of each call: a sweep's small campaigns call this thousands of times, and V8
// drops the optimised code of a dead call's closures at each major GC, then compiles the next call's again.

/** Entry `a` ranks strictly before entry `b`. */
function ranksBefore(scores: ArrayLike<number>, ids: ArrayLike<number>, a: number, b: number): boolean {
  const sa = scores[a] as number;
  const sb = scores[b] as number;
  return sa > sb || (sa === sb && (ids[a] as number) < (ids[b] as number));
}

/** Restores the heap (the worst kept entry at the root) above `pos`. */
function siftUp(heap: Int32Array, pos: number, scores: ArrayLike<number>, ids: ArrayLike<number>): void {
  const item = heap[pos] as number;
  while (pos > 0) {
    const parent = (pos - 1) >> 1;
    const p = heap[parent] as number;
    if (!ranksBefore(scores, ids, p, item)) break; // parent is already worse than (or equal to) item
    heap[pos] = p;
    pos = parent;
  }
  heap[pos] = item;
}

/** Restores the heap's first `size` entries below the root. */
function siftDown(heap: Int32Array, size: number, scores: ArrayLike<number>, ids: ArrayLike<number>): void {
  let pos = 0;
  const item = heap[0] as number;
  for (;;) {
    const l = 2 * pos + 1;
    if (l >= size) break;
    const r = l + 1;
    let worst = l;
    if (r < size && ranksBefore(scores, ids, heap[l] as number, heap[r] as number)) worst = r;
    const w = heap[worst] as number;
    if (!ranksBefore(scores, ids, item, w)) break;
    heap[pos] = w;
    pos = worst;
  }
  heap[pos] = item;
}
