/**
 * Draws molecules for the status page with RDKit.js on the main thread (the page shows a few dozen: the
 * best found and the last batches' picks, never the pool). RDKit's WebAssembly loads in the background
 * (about a second); until it has, `draw` returns null and the page shows the SMILES alone. Drawings are
 * cached by SMILES, because the page is rewritten every few seconds with mostly the same molecules.
 */
import { loadRdkit, type RDKitModule } from '../engines/rdkit.js';

export interface StructureDrawer {
  /** RDKit's SVG of the molecule, or null (RDKit not loaded yet, unparsable SMILES, an unexpected drawing). */
  draw(smiles: string): string | null;
  /** Resolves once RDKit is loaded (or failed to load: then every drawing is null). */
  ready(): Promise<void>;
  /**
   * Starts a page: at most `newDrawings` molecules not drawn before are drawn for it (null: all), so that
   * a live page written while a run goes never holds the main thread long; the rest are drawn for the
   * next pages (their SMILES are shown meanwhile).
   */
  beginPage(newDrawings: number | null): void;
}

export const STRUCTURE_WIDTH = 220;
export const STRUCTURE_HEIGHT = 160;
/** Enough for the best molecules and several batches' picks; older drawings are dropped first. */
const CACHE_SIZE = 600;

const DRAW_OPTIONS = JSON.stringify({
  width: STRUCTURE_WIDTH,
  height: STRUCTURE_HEIGHT,
  clearBackground: false,
  bondLineWidth: 1.4,
  padding: 0.06,
  // At most this many pixels per bond: a small molecule is drawn at the scale of the others, not blown up.
  fixedBondLength: 24,
});

const PATH = /^<path d='([^']*)' style='([^']*)' \/>$/;
const ALLOWED = new Set(['<svg', '</svg', '<rect', '<path', '<ellipse', '<circle', '<text', '</text', '<g', '</g']);

/**
 * RDKit's SVG made smaller and checked. Bond strokes (`fill:none` paths, drawn first by RDKit, opaque,
 * so their order does not show) are merged into one path per style; everything else (atom labels drawn
 * as filled glyphs) keeps its place after them. That makes a drawing about half as big. Only the
 * elements RDKit draws molecules with are accepted, so a drawing never carries script or links even if a
 * future RDKit changed (and the page shows it as an `<img>`, where no script runs anyway).
 */
export function compactSvg(svg: string): string | null {
  const size = /viewBox='0 0 ([\d.]+) ([\d.]+)'/.exec(svg);
  const start = svg.indexOf('>', svg.indexOf('<svg'));
  const end = svg.lastIndexOf('</svg>');
  if (size === null || start < 0 || end < start) return null;
  const body = svg.slice(start + 1, end).replace(/<!--[^>]*-->/g, '');
  const tags = body.match(/<\/?([a-zA-Z:]+)/g) ?? [];
  if (tags.some((t) => !ALLOWED.has(t))) return null;
  if (/\son\w+\s*=|href|javascript:|url\(/i.test(body)) return null;
  const strokes = new Map<string, string[]>();
  const rest: string[] = [];
  for (const raw of body.split('\n')) {
    const line = raw.trim().replace(/ class='[^']*'/, '');
    if (line === '') continue;
    const path = PATH.exec(line);
    if (path !== null && (path[2] as string).startsWith('fill:none;')) {
      const style = (path[2] as string).replace(';stroke-linecap:butt;stroke-linejoin:miter;stroke-opacity:1', '');
      const list = strokes.get(style) ?? [];
      list.push(path[1] as string);
      strokes.set(style, list);
    } else rest.push(line);
  }
  const [, w, h] = size;
  const merged = [...strokes].map(([style, ds]) => `<path d='${ds.join(' ')}' style='${style}'/>`);
  const out =
    `<svg xmlns='http://www.w3.org/2000/svg' width='${w}' height='${h}' viewBox='0 0 ${w} ${h}'>` +
    [...merged, ...rest].join('\n') +
    '</svg>';
  // Path data without the optional spaces: "M 1.0,2.0 L 3.0,4.0" is "M1.0,2.0L3.0,4.0".
  return out.replace(/ d='([^']*)'/g, (_, d: string) => {
    const tight = d
      .replace(/\s*([MLQCZ])\s*/g, '$1')
      .replace(/,\s+/g, ',')
      .replace(/\s+/g, ' ');
    return ` d='${tight}'`;
  });
}

function drawWith(rdkit: RDKitModule, smiles: string): string | null {
  const mol = rdkit.get_mol(smiles);
  // null on unparsable SMILES; a 0-atom Mol for '' (nothing to draw either).
  if (mol === null) return null;
  try {
    if (mol.get_num_atoms() === 0) return null;
    return compactSvg(mol.get_svg_with_highlights(DRAW_OPTIONS));
  } finally {
    mol.delete();
  }
}

/** `cacheSize`: drawings kept (default enough for one campaign's pages; a sweep's shared drawer keeps more). */
export function createStructureDrawer(
  load: () => Promise<RDKitModule> = loadRdkit,
  cacheSize: number = CACHE_SIZE,
): StructureDrawer {
  let rdkit: RDKitModule | null = null;
  const loading = load().then(
    (module) => {
      rdkit = module;
    },
    // A drawing is a nicety: without RDKit the page still shows every SMILES, so a failed load is not fatal.
    () => undefined,
  );
  const cache = new Map<string, string | null>();
  let allowance = Number.POSITIVE_INFINITY;
  return {
    draw(smiles) {
      if (rdkit === null) return null;
      const hit = cache.get(smiles);
      if (hit !== undefined) {
        // Refresh its place, so that the molecules still shown are the last dropped.
        cache.delete(smiles);
        cache.set(smiles, hit);
        return hit;
      }
      if (allowance <= 0) return null;
      allowance -= 1;
      const svg = drawWith(rdkit, smiles);
      cache.set(smiles, svg);
      if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
      return svg;
    },
    ready: () => loading,
    beginPage(newDrawings) {
      allowance = newDrawings ?? Number.POSITIVE_INFINITY;
    },
  };
}
