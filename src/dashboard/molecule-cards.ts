/**
 * The status page's molecule cards: RDKit's drawing (an `<img>` of its SVG as a data URI: script never
 * runs in an image, and its styles stay inside it), the id, the label named, the prediction at acquisition
 * ± its uncertainty, the generation, and the SMILES. Every text comes from data and is escaped.
 */
import { escapeHtml as h } from './escape-html.js';
import { formatMetric } from './format.js';
import type { PageMolecule } from './page-model.js';

/** The drawing's box; the SVG is drawn at this size by `src/records/structure-drawer.ts`. */
const WIDTH = 220;
const HEIGHT = 160;

/**
 * The SVG as data-URI text, percent-encoding only what a URI or the attribute would misread (a third
 * smaller than base64): after this the attribute holds no quote, ampersand or angle bracket.
 */
export function svgUriText(svg: string): string {
  return svg.replace(/[%#<>"&\n\r]/g, percentEncoded);
}

/** Module-level, not a closure per call: its optimised code then outlives each page (see top-k-selection.ts). */
function percentEncoded(c: string): string {
  return `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}

function structure(m: PageMolecule): string {
  if (m.svg === null)
    return `<div class="mol-none" title="no drawing">${h(m.smiles === '' ? '—' : 'no drawing')}</div>`;
  const uri = `data:image/svg+xml,${svgUriText(m.svg)}`;
  return `<img class="mol-img" src="${uri}" width="${WIDTH}" height="${HEIGHT}" alt="structure of ${h(m.id)}">`;
}

function prediction(m: PageMolecule): string {
  if (m.predicted === null) {
    return m.generation === 0 ? 'first batch: no prediction' : 'no prediction (a random pick)';
  }
  const std = m.predictedStd === null ? '' : ` ± ${h(formatMetric(m.predictedStd, 2))}`;
  return `predicted <b>${h(formatMetric(m.predicted, 2))}</b>${std}`;
}

export function moleculeCard(m: PageMolecule, labelName: string, showRank: boolean): string {
  const rank = showRank ? `<span class="mol-rank">#${m.rank}</span>` : '';
  const generation =
    m.generation === null ? '' : `<span class="mol-gen" title="generation that picked it">g${m.generation}</span>`;
  const label =
    m.label === null
      ? `<span class="mol-failed">oracle call failed</span>`
      : `<span class="mol-lname" title="${h(labelName)}">${h(labelName)}</span><b>${h(formatMetric(m.label, 2))}</b>`;
  return (
    `<figure class="mol">${structure(m)}<figcaption>` +
    `<div class="mol-head">${rank}<span class="mol-id" title="${h(m.id)}">${h(m.id)}</span>${generation}</div>` +
    `<div class="mol-label">${label}</div>` +
    `<div class="mol-pred">${prediction(m)}</div>` +
    `<div class="mol-smiles" title="${h(m.smiles)}">${h(m.smiles)}</div>` +
    `</figcaption></figure>`
  );
}

export function moleculeGrid(molecules: readonly PageMolecule[], labelName: string, showRank: boolean): string {
  return `<div class="mols">${molecules.map((m) => moleculeCard(m, labelName, showRank)).join('')}</div>`;
}
