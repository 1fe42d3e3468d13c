/**
 * How cost grows with pool size: an ordinary least-squares line through (log n, log cost). A slope of 1
 * is linear growth, 2 quadratic. A fixed start-up cost (loading RDKit's WebAssembly in each worker,
 * starting the pool) bends small pools below the line, so the marginal cost per molecule between
 * consecutive sizes, (cost_b - cost_a) / (n_b - n_a), is reported too: constant marginal cost is linear
 * growth beyond the fixed part.
 */

export interface SlopeFit {
  readonly slope: number;
  readonly intercept: number;
  /** Coefficient of determination of the log-log fit. */
  readonly r2: number;
  readonly points: readonly { readonly n: number; readonly cost: number; readonly perMolecule: number }[];
  /** Marginal cost per molecule between consecutive sizes. */
  readonly marginal: readonly { readonly from: number; readonly to: number; readonly perMolecule: number }[];
  /** Largest / smallest marginal cost; null with fewer than two segments or a non-positive one. */
  readonly marginalSpread: number | null;
}

/** Null when fewer than two distinct positive sizes have a positive cost. */
export function fitLogLogSlope(points: ReadonlyArray<{ readonly n: number; readonly cost: number }>): SlopeFit | null {
  const usable = points.filter((p) => p.n > 0 && p.cost > 0 && Number.isFinite(p.cost)).sort((a, b) => a.n - b.n);
  if (new Set(usable.map((p) => p.n)).size < 2) return null;
  const xs = usable.map((p) => Math.log(p.n));
  const ys = usable.map((p) => Math.log(p.cost));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const slope = sxy / sxx;
  const marginal = [];
  for (let i = 1; i < usable.length; i++) {
    const a = usable[i - 1] as { n: number; cost: number };
    const b = usable[i] as { n: number; cost: number };
    if (b.n > a.n) marginal.push({ from: a.n, to: b.n, perMolecule: (b.cost - a.cost) / (b.n - a.n) });
  }
  const slopes = marginal.map((m) => m.perMolecule);
  const marginalSpread =
    slopes.length >= 2 && slopes.every((m) => m > 0) ? Math.max(...slopes) / Math.min(...slopes) : null;
  return {
    slope,
    intercept: my - slope * mx,
    r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy),
    points: usable.map((p) => ({ n: p.n, cost: p.cost, perMolecule: p.cost / p.n })),
    marginal,
    marginalSpread,
  };
}
