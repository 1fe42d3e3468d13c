/**
 * The learning curve as a standalone SVG for the report (no browser, no network): axes with nice ticks,
 * the headline metric per round (solid, circles) and the random baseline where known (dashed, squares).
 * Hand-written: a few dozen points and two lines do not justify a charting dependency.
 */
import { escapeHtml } from './escape-html.js';
import { niceScale, stepDecimals, type NiceScale } from './nice-ticks.js';
import { BASELINE_COLOUR, HEADLINE_COLOUR } from './palette.js';

export interface CurvePoint {
  readonly x: number;
  readonly y: number | null;
}

export interface LearningCurveSvgInput {
  readonly title: string;
  readonly xTitle: string;
  readonly yTitle: string;
  readonly headline: readonly CurvePoint[];
  readonly baseline: readonly CurvePoint[];
  readonly width?: number;
  readonly height?: number;
}

const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif';
const fmt = (v: number) => (Math.round(v * 100) / 100).toString();

/** A path through the points, broken at nulls (an unknown value is a gap, not a zero). */
function linePath(points: readonly { px: number; py: number | null }[]): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (p.py === null) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${fmt(p.px)},${fmt(p.py)}`;
    pen = true;
  }
  return d;
}

/** The plot area inside the margins, and the scales from data to pixels. */
interface Frame {
  readonly width: number;
  readonly height: number;
  readonly m: { readonly l: number; readonly r: number; readonly t: number; readonly b: number };
  readonly pw: number;
  readonly ph: number;
  readonly xScale: NiceScale;
  readonly yScale: NiceScale;
  readonly sx: (x: number) => number;
  readonly sy: (y: number) => number;
}

function frameOf(input: LearningCurveSvgInput): Frame {
  const width = input.width ?? 640;
  const height = input.height ?? 400;
  const m = { l: 64, r: 24, t: 60, b: 56 };
  const pw = width - m.l - m.r;
  const ph = height - m.t - m.b;
  const known = [...input.headline, ...input.baseline].filter(
    (p): p is { x: number; y: number } => p.y !== null && Number.isFinite(p.y),
  );
  const xs = [...input.headline, ...input.baseline].map((p) => p.x).filter(Number.isFinite);
  const xScale = niceScale(0, xs.length === 0 ? 1 : Math.max(...xs), 6);
  const yScale =
    known.length === 0
      ? niceScale(0, 1)
      : niceScale(Math.min(...known.map((p) => p.y)), Math.max(...known.map((p) => p.y)), 5);
  const sx = (x: number) => m.l + ((x - xScale.min) / (xScale.max - xScale.min)) * pw;
  const sy = (y: number) => m.t + ph - ((y - yScale.min) / (yScale.max - yScale.min)) * ph;
  return { width, height, m, pw, ph, xScale, yScale, sx, sy };
}

/** Grid, axes, tick labels and axis titles. */
function axesSvg(f: Frame, input: LearningCurveSvgInput): string[] {
  const { m, pw, ph, xScale, yScale, sx, sy } = f;
  const xDec = stepDecimals(xScale.step);
  const yDec = stepDecimals(yScale.step);
  const out: string[] = [];
  out.push(`<g class="grid" stroke="#e3e6ea" stroke-width="1">`);
  for (const t of yScale.ticks) out.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${fmt(sy(t))}" y2="${fmt(sy(t))}"/>`);
  for (const t of xScale.ticks) out.push(`<line x1="${fmt(sx(t))}" x2="${fmt(sx(t))}" y1="${m.t}" y2="${m.t + ph}"/>`);
  out.push(`</g>`);
  out.push(`<g class="axes" stroke="#6e7781" stroke-width="1">`);
  out.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${m.t + ph}" y2="${m.t + ph}"/>`);
  out.push(`<line x1="${m.l}" x2="${m.l}" y1="${m.t}" y2="${m.t + ph}"/>`);
  for (const t of xScale.ticks)
    out.push(`<line x1="${fmt(sx(t))}" x2="${fmt(sx(t))}" y1="${m.t + ph}" y2="${m.t + ph + 5}"/>`);
  for (const t of yScale.ticks) out.push(`<line x1="${m.l - 5}" x2="${m.l}" y1="${fmt(sy(t))}" y2="${fmt(sy(t))}"/>`);
  out.push(`</g>`);
  out.push(`<g class="tick-labels" fill="#1f2328">`);
  for (const t of xScale.ticks)
    out.push(`<text x="${fmt(sx(t))}" y="${m.t + ph + 19}" text-anchor="middle">${t.toFixed(xDec)}</text>`);
  for (const t of yScale.ticks)
    out.push(`<text x="${m.l - 8}" y="${fmt(sy(t) + 4)}" text-anchor="end">${t.toFixed(yDec)}</text>`);
  out.push(`</g>`);
  const xTitle = escapeHtml(input.xTitle);
  out.push(`<text x="${m.l + pw / 2}" y="${f.height - 14}" text-anchor="middle" fill="#1f2328">${xTitle}</text>`);
  const yMid = m.t + ph / 2;
  out.push(
    `<text x="16" y="${yMid}" text-anchor="middle" fill="#1f2328" transform="rotate(-90 16 ${yMid})">` +
      `${escapeHtml(input.yTitle)}</text>`,
  );
  return out;
}

/** One series: its line (broken at gaps) and a marker per known point (squares when dashed). */
function seriesSvg(f: Frame, points: readonly CurvePoint[], cls: string, colour: string, dashed: boolean): string[] {
  const placed = points.map((p) => ({ px: f.sx(p.x), py: p.y === null || !Number.isFinite(p.y) ? null : f.sy(p.y) }));
  const d = linePath(placed);
  const out = [`<g class="series ${cls}">`];
  if (d !== '') {
    const dash = dashed ? ' stroke-dasharray="6 4"' : '';
    out.push(`<path d="${d}" fill="none" stroke="${colour}" stroke-width="${dashed ? 2 : 2.5}"${dash}/>`);
  }
  for (const p of placed) {
    if (p.py === null) continue;
    out.push(
      dashed
        ? `<rect class="point ${cls}" x="${fmt(p.px - 3.5)}" y="${fmt(p.py - 3.5)}" ` +
            `width="7" height="7" fill="${colour}"/>`
        : `<circle class="point ${cls}" cx="${fmt(p.px)}" cy="${fmt(p.py)}" r="4" fill="${colour}"/>`,
    );
  }
  out.push(`</g>`);
  return out;
}

/** The legend under the title; the baseline entry only when there is a baseline. */
function legendSvg(f: Frame, input: LearningCurveSvgInput): string[] {
  const lx = f.m.l;
  const ly = 40;
  const out = [`<g class="legend" fill="#1f2328">`];
  out.push(`<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="${HEADLINE_COLOUR}" stroke-width="2.5"/>`);
  out.push(`<circle cx="${lx + 12}" cy="${ly}" r="4" fill="${HEADLINE_COLOUR}"/>`);
  out.push(`<text x="${lx + 30}" y="${ly + 4}">${escapeHtml(input.yTitle)}</text>`);
  if (input.baseline.some((p) => p.y !== null)) {
    const bx = lx + 40 + 7 * input.yTitle.length;
    out.push(
      `<line x1="${bx}" x2="${bx + 24}" y1="${ly}" y2="${ly}" stroke="${BASELINE_COLOUR}" stroke-width="2" ` +
        'stroke-dasharray="6 4"/>',
    );
    out.push(`<rect x="${bx + 8.5}" y="${ly - 3.5}" width="7" height="7" fill="${BASELINE_COLOUR}"/>`);
    out.push(`<text x="${bx + 30}" y="${ly + 4}">random acquisition</text>`);
  }
  out.push(`</g>`);
  return out;
}

export function renderLearningCurveSvg(input: LearningCurveSvgInput): string {
  const f = frameOf(input);
  const { width, height, m, pw, ph } = f;
  const title = escapeHtml(input.title);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="${FONT}" font-size="12" role="img" aria-label="${title}">`,
    `<title>${title}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${m.l}" y="22" font-size="15" font-weight="600" fill="#1f2328">${title}</text>`,
    ...axesSvg(f, input),
    ...seriesSvg(f, input.baseline, 'baseline', BASELINE_COLOUR, true),
    ...seriesSvg(f, input.headline, 'headline', HEADLINE_COLOUR, false),
    ...legendSvg(f, input),
  ];
  if (input.headline.length === 0) {
    out.push(`<text x="${m.l + pw / 2}" y="${m.t + ph / 2}" text-anchor="middle" fill="#59636e">no rounds yet</text>`);
  }
  out.push(`</svg>`);
  return out.join('\n') + '\n';
}
