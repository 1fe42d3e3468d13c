/**
 * Lazy expansion of a sweep's parameter space. The space is a mixed-radix number: one digit per grid key, one
 * per zip group, and the seed last (fastest). `combinationAt(space, i)` decodes index i directly and
 * `expandSweep` yields them one by one, so a 10,000-run space is never materialised.
 */
import { sha256Json } from '../shared/hash.js';
import { AlcoveError } from '../shared/errors.js';
import type { SweepSpec, SweepValue } from './sweep-schema.js';

export interface SweepDimension {
  /** Key paths set together by this dimension (one for a grid key, several for a zip group). */
  readonly keys: readonly string[];
  /** values[k][i]: value of keys[k] at position i. */
  readonly values: readonly (readonly SweepValue[])[];
  readonly size: number;
}

export interface SweepSpace {
  readonly dimensions: readonly SweepDimension[];
  readonly seeds: readonly number[];
  /** Parameter combinations (without seeds). */
  readonly combinations: number;
  /** Runs: combinations × seeds. */
  readonly total: number;
}

export interface SweepRun {
  readonly index: number;
  /** Key path → value, in dimension order. */
  readonly params: Readonly<Record<string, SweepValue>>;
  readonly seed: number;
  /** Stable id: sha256 of the canonical JSON of { params, seed }, 12 hex digits. */
  readonly id: string;
  /** Stable id of the parameter combination (same for every seed). */
  readonly combo: string;
}

export function buildSpace(spec: Pick<SweepSpec, 'grid' | 'zip' | 'seeds'>, baseSeed = 0): SweepSpace {
  const dims: SweepDimension[] = [];
  const seen = new Set<string>();
  const claim = (key: string) => {
    if (key === 'seed') throw new AlcoveError('BAD_CONFIG', `sweep: vary the seed with 'seeds:', not as a parameter`);
    if (seen.has(key))
      throw new AlcoveError('BAD_CONFIG', `sweep: '${key}' is listed twice (grid and zip keys must be distinct)`);
    seen.add(key);
  };
  for (const [key, list] of Object.entries(spec.grid)) {
    claim(key);
    dims.push({ keys: [key], values: [list], size: list.length });
  }
  const groups = Array.isArray(spec.zip) ? spec.zip : [spec.zip];
  for (const group of groups) {
    const keys = Object.keys(group);
    if (keys.length === 0) continue;
    keys.forEach(claim);
    const values = keys.map((k) => group[k] ?? []);
    dims.push({ keys, values, size: values[0]?.length ?? 0 });
  }
  const seeds =
    typeof spec.seeds === 'number' ? Array.from({ length: spec.seeds }, (_, i) => baseSeed + i) : [...spec.seeds];
  const combinations = dims.reduce((n, d) => n * d.size, 1);
  return { dimensions: dims, seeds, combinations, total: combinations * seeds.length };
}

export function runId(params: Readonly<Record<string, unknown>>, seed: number): string {
  return sha256Json({ params, seed }).slice(0, 12);
}

export function comboId(params: Readonly<Record<string, unknown>>): string {
  return sha256Json({ params }).slice(0, 12);
}

/** The run at `index` (0 ≤ index < total), decoded from the mixed-radix index. */
export function combinationAt(space: SweepSpace, index: number): SweepRun {
  if (!Number.isInteger(index) || index < 0 || index >= space.total) {
    throw new RangeError(`sweep index ${index} outside [0, ${space.total})`);
  }
  const nSeeds = space.seeds.length;
  const seed = space.seeds[index % nSeeds] as number;
  let rest = Math.floor(index / nSeeds);
  const digits = new Array<number>(space.dimensions.length);
  for (let d = space.dimensions.length - 1; d >= 0; d--) {
    const size = (space.dimensions[d] as SweepDimension).size;
    digits[d] = rest % size;
    rest = Math.floor(rest / size);
  }
  const params: Record<string, SweepValue> = {};
  space.dimensions.forEach((dim, d) => {
    const i = digits[d] as number;
    dim.keys.forEach((key, k) => {
      params[key] = dim.values[k]?.[i] as SweepValue;
    });
  });
  return { index, params, seed, id: runId(params, seed), combo: comboId(params) };
}

/** Every run of the space, in index order, one at a time. */
export function* expandSweep(space: SweepSpace, start = 0): Generator<SweepRun, void, undefined> {
  for (let i = start; i < space.total; i++) yield combinationAt(space, i);
}
