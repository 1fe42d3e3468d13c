/**
 * The error function family and the standard normal distribution, in double precision.
 *
 * Hand-written because no dependency in the project provides them and EI ranking needs more than the
 * 1.5e-7 of Abramowitz-Stegun 7.1.26. This is W. J. Cody's CALERF (Netlib SPECFUN; "Rational Chebyshev
 * approximations for the error function", Math. Comp. 23, 1969): three rational approximations on
 * [0, 0.46875], (0.46875, 4] and (4, inf), with relative error below ~1e-15 (about 6e-19 in the
 * published tables; limited here by double arithmetic). `exp(-y*y)` is split as `exp(-ysq*ysq) * exp(-del)`
 * with `ysq = floor(16y)/16`, as in CALERF, to keep full relative accuracy deep in the tail.
 */

/* eslint-disable no-loss-of-precision -- the constants are written as Cody's published table gives them
   (up to 20 digits), so that they can be checked against it; each literal rounds to its nearest double. */
const THRESH = 0.46875;
const XSMALL = 1.11e-16;
/** erfc(x) underflows to 0 beyond this (CALERF's XBIG for IEEE double). */
const XBIG = 26.543;
/** 1/sqrt(pi). */
const SQRPI = 5.6418958354775628695e-1;
const SQRT2 = Math.SQRT2;
/** 1/sqrt(2*pi). */
const INV_SQRT_2PI = 0.3989422804014326779399460599343818684759;
/** sqrt(pi/2). */
const SQRT_PI_OVER_2 = 1.2533141373155002512078826424055226265035;

const A = [
  3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153,
] as const;
const B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062] as const;
const C = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909,
  1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
] as const;
const D = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
  4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
] as const;
const P = [
  0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4,
  0.0163153871373020978,
] as const;
const Q = [
  2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185,
] as const;

/** erf(x) * (1/x) on |x| <= THRESH, i.e. the first-interval rational function. */
function erfSmallOverX(y: number): number {
  const ysq = y > XSMALL ? y * y : 0;
  let xnum = A[4] * ysq;
  let xden = ysq;
  xnum = (xnum + A[0]) * ysq;
  xden = (xden + B[0]) * ysq;
  xnum = (xnum + A[1]) * ysq;
  xden = (xden + B[1]) * ysq;
  xnum = (xnum + A[2]) * ysq;
  xden = (xden + B[2]) * ysq;
  return (xnum + A[3]) / (xden + B[3]);
}

/** erfcx(y) = exp(y^2) erfc(y) for y > THRESH (second and third intervals, before the exp factor). */
function erfcxLarge(y: number): number {
  if (y <= 4) {
    let xnum = C[8] * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + (C[i] as number)) * y;
      xden = (xden + (D[i] as number)) * y;
    }
    return (xnum + C[7]) / (xden + D[7]);
  }
  const ysq = 1 / (y * y);
  let xnum = P[5] * ysq;
  let xden = ysq;
  for (let i = 0; i < 4; i++) {
    xnum = (xnum + (P[i] as number)) * ysq;
    xden = (xden + (Q[i] as number)) * ysq;
  }
  const r = (ysq * (xnum + P[4])) / (xden + Q[4]);
  return (SQRPI - r) / y;
}

/** exp(-y*y) without the relative error that rounding y*y would cause for large y. */
function expMinusSquare(y: number): number {
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-ysq * ysq) * Math.exp(-del);
}

/** Complementary error function, full double precision (relative) for all x. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  if (y <= THRESH) return 1 - x * erfSmallOverX(y);
  const tail = y >= XBIG ? 0 : expMinusSquare(y) * erfcxLarge(y);
  return x < 0 ? 2 - tail : tail;
}

/** Error function. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  if (y <= THRESH) return x * erfSmallOverX(y);
  const tail = y >= XBIG ? 0 : expMinusSquare(y) * erfcxLarge(y);
  const r = 0.5 - tail + 0.5;
  return x < 0 ? -r : r;
}

/** Scaled complementary error function exp(x^2) erfc(x), for x >= 0 (no overflow, no underflow). */
export function erfcxNonNegative(x: number): number {
  if (!(x >= 0)) throw new RangeError(`erfcxNonNegative needs x >= 0, got ${x}`);
  if (x <= THRESH) return Math.exp(x * x) * (1 - x * erfSmallOverX(x));
  if (x === Number.POSITIVE_INFINITY) return 0;
  return erfcxLarge(x);
}

/** Standard normal density. */
export function normalPdf(z: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
}

/** Standard normal cumulative distribution, accurate in both tails (computed through erfc). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / SQRT2);
}

/**
 * z*Phi(z) + phi(z), the expected improvement of a standard normal over the point -z
 * (EI = std * expectedImprovementFactor((mean - target) / std)).
 *
 * For z < 0 the two terms nearly cancel; there it is evaluated as phi(z) * (1 + z * Phi(z)/phi(z)) with the
 * Mills-type ratio Phi(z)/phi(z) = sqrt(pi/2) * erfcx(-z/sqrt(2)), which keeps ~1e-13 relative accuracy
 * down to z = -38, below which phi(z) underflows and the result is 0.
 */
export function expectedImprovementFactor(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z >= 0) {
    if (z === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
    return z * normalCdf(z) + normalPdf(z);
  }
  const pdf = normalPdf(z);
  if (pdf === 0) return 0;
  const ratio = SQRT_PI_OVER_2 * erfcxNonNegative(-z / SQRT2);
  return Math.max(0, pdf * (1 + z * ratio));
}
