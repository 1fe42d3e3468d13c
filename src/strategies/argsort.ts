/**
 * Stable ascending argsort of float64 values (no NaN).
 *
 * Metrics rank up to a whole pool (10^6 molecules) on the main thread. Sorting an index array with a JS
 * comparator is O(n log n) calls into the comparator; this LSD radix sort over the IEEE-754 bit patterns
 * (4 passes of 16 bits, O(n)) is several times faster at 10^6 values (bench/README.md). Hand-written
 * because no dependency provides an argsort; small inputs use the comparator sort, which wins below a few
 * thousand values.
 */

const RADIX_MIN = 4096;

export function argsortAscending(values: ArrayLike<number>): Int32Array {
  const n = values.length;
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (n < RADIX_MIN) {
    // Int32Array#sort is stable (ES2019), so ties keep index order, as in the radix path.
    return idx.sort((a, b) => (values[a] as number) - (values[b] as number));
  }

  // Order-preserving unsigned keys: flip the sign bit of non-negatives, all bits of negatives.
  const f64 = Float64Array.from(values);
  for (let i = 0; i < n; i++) if (f64[i] === 0) f64[i] = 0; // -0 → +0: equal values keep index order
  const words = new Uint32Array(f64.buffer); // little-endian: word 2i = low, 2i+1 = high
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = words[2 * i + 1] as number;
    let l = words[2 * i] as number;
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    hi[i] = h;
    lo[i] = l;
  }

  let src = idx;
  let dst = new Int32Array(n);
  const count = new Uint32Array(65536);
  const passes: ReadonlyArray<readonly [Uint32Array, number]> = [
    [lo, 0],
    [lo, 16],
    [hi, 0],
    [hi, 16],
  ];
  for (const [key, shift] of passes) {
    count.fill(0);
    for (let i = 0; i < n; i++) {
      const d = ((key[src[i] as number] as number) >>> shift) & 0xffff;
      count[d] = (count[d] as number) + 1;
    }
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[d] as number;
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const j = src[i] as number;
      const d = ((key[j] as number) >>> shift) & 0xffff;
      dst[count[d] as number] = j;
      count[d] = (count[d] as number) + 1;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}
