/**
 * A binary max-heap on `priority`, first-in-first-out among equal priorities. Hand-written: ~40 lines, and
 * no dependency in the tree provides one.
 */
export interface PriorityQueue<T> {
  push(item: T, priority: number): void;
  /** The highest-priority item (oldest first among equals), removed; undefined when empty. */
  pop(): T | undefined;
  /** Remove and return every item, highest first. */
  drain(): T[];
  readonly size: number;
}

interface Slot<T> {
  readonly item: T;
  readonly priority: number;
  readonly seq: number;
}

export function createPriorityQueue<T>(): PriorityQueue<T> {
  const heap: Slot<T>[] = [];
  let seq = 0;
  const before = (a: Slot<T>, b: Slot<T>) => a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq);
  const swap = (i: number, j: number) => {
    const t = heap[i] as Slot<T>;
    heap[i] = heap[j] as Slot<T>;
    heap[j] = t;
  };
  const pop = (): T | undefined => {
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop() as Slot<T>;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < heap.length && before(heap[l] as Slot<T>, heap[best] as Slot<T>)) best = l;
        if (r < heap.length && before(heap[r] as Slot<T>, heap[best] as Slot<T>)) best = r;
        if (best === i) break;
        swap(i, best);
        i = best;
      }
    }
    return top.item;
  };
  return {
    push(item, priority) {
      heap.push({ item, priority, seq: seq++ });
      let i = heap.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!before(heap[i] as Slot<T>, heap[p] as Slot<T>)) break;
        swap(i, p);
        i = p;
      }
    },
    pop,
    drain() {
      const out: T[] = [];
      for (let x = pop(); x !== undefined; x = pop()) out.push(x);
      return out;
    },
    get size() {
      return heap.length;
    },
  };
}
