/**
 * "Nice" axis ticks (steps of 1, 2, 2.5 or 5 × 10^k) for the hand-drawn SVG plots, in the spirit of
 * Heckbert's "Nice numbers for graph labels" (Graphics Gems, 1990).
 */
export interface NiceScale {
  /** Domain widened to whole steps. */
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly ticks: readonly number[];
}

const MULTIPLIERS = [1, 2, 2.5, 5, 10] as const;

function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const m of MULTIPLIERS) if (m * power >= rough * (1 - 1e-9)) return m * power;
  return 10 * power;
}

/** Decimals needed to print multiples of `step` exactly. */
export function stepDecimals(step: number): number {
  for (let d = 0; d < 12; d++) {
    if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-6) return d;
  }
  return 12;
}

/** About `count` ticks covering [lo, hi]; a degenerate or empty range is widened around its value. */
export function niceScale(lo: number, hi: number, count = 5): NiceScale {
  let a = Math.min(lo, hi);
  let b = Math.max(lo, hi);
  if (!Number.isFinite(a) || !Number.isFinite(b)) {
    a = 0;
    b = 1;
  }
  if (a === b) {
    const pad = a === 0 ? 1 : Math.abs(a) * 0.1;
    a -= pad;
    b += pad;
  }
  const step = niceStep((b - a) / Math.max(1, count));
  const decimals = stepDecimals(step);
  const round = (v: number) => Number(v.toFixed(decimals));
  const min = round(Math.floor(a / step + 1e-9) * step);
  const max = round(Math.ceil(b / step - 1e-9) * step);
  const ticks: number[] = [];
  for (let i = 0; min + i * step <= max + step * 1e-9; i++) ticks.push(round(min + i * step));
  return { min, max, step, ticks };
}
