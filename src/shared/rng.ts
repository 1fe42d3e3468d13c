/**
 * Seeded, splittable pseudo-random numbers.
 *
 * Every random choice in Alcove comes from an `Rng` created here from the campaign seed and a
 * purpose label (`deriveSeed(seed, 'acquire', generation)`), never from `Math.random`. Because a
 * stream is derived from *what it is for* rather than from how many numbers were drawn before, a
 * resumed campaign draws exactly the numbers an uninterrupted one would, with no RNG state to persist.
 *
 * The generator is sfc32 (Chris Doty-Humphrey's small fast counter), seeded through a 128-bit
 * string hash (cyrb128). It passes PractRand to 2^41 bytes and costs a few ns per draw.
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal deviate (Box-Muller). */
  normal(): number;
  /** The 32-bit integer seed that created this stream (for the audit trail). */
  readonly seed: number;
}

/** A 32-bit seed derived from a base seed and any number of purpose labels. */
export function deriveSeed(seed: number, ...parts: ReadonlyArray<string | number>): number {
  const [a] = cyrb128([String(seed), ...parts.map(String)].join('\u0000'));
  return a >>> 0;
}

export function createRng(seed: number, ...parts: ReadonlyArray<string | number>): Rng {
  const derived = parts.length > 0 ? deriveSeed(seed, ...parts) : seed >>> 0;
  let [a, b, c, d] = cyrb128(`sfc32:${derived}`);
  const next32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Warm up: the first outputs of sfc32 are correlated with the seed words.
  for (let i = 0; i < 12; i++) next32();
  let spare: number | undefined;
  const next = (): number => next32() / 4294967296;
  return {
    seed: derived,
    next,
    int(n: number): number {
      if (!Number.isInteger(n) || n <= 0) throw new RangeError(`rng.int(n) needs a positive integer, got ${n}`);
      return Math.floor(next() * n);
    },
    normal(): number {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

/** `k` distinct indices from [0, n), in draw order. */
export function sampleIndices(n: number, k: number, rng: Rng): number[] {
  if (k > n) throw new RangeError(`cannot sample ${k} of ${n}`);
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const tmp = idx[i] as number;
    idx[i] = idx[j] as number;
    idx[j] = tmp;
  }
  return idx.slice(0, k);
}

function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
