import { describe, expect, it } from 'vitest';
import { compactSvg, createStructureDrawer } from '../../src/records/structure-drawer.js';

describe('createStructureDrawer (RDKit.js on this thread)', () => {
  it('draws a molecule as a compact SVG and caches it by SMILES', async () => {
    const drawer = createStructureDrawer();
    await drawer.ready();
    const svg = drawer.draw('CC(=O)Nc1ccc(O)cc1');
    expect(svg).not.toBeNull();
    expect(svg?.startsWith("<svg xmlns='http://www.w3.org/2000/svg' width='220' height='160'")).toBe(true);
    expect(svg).toMatch(/<path d='M[\d.]+,[\d.]+L/);
    expect(svg).not.toContain("class='");
    expect(svg).not.toContain('<?xml');
    // Paracetamol has O and N labels, drawn in colour.
    expect(svg).toContain('#FF0000');
    expect(svg).toContain('#0000FF');
    expect((svg ?? '').length).toBeLessThan(6000);
    expect(drawer.draw('CC(=O)Nc1ccc(O)cc1')).toBe(svg);
  });

  it('draws at most the allowance of new molecules per page, cached ones always', async () => {
    const drawer = createStructureDrawer();
    await drawer.ready();
    drawer.beginPage(null);
    const ethanol = drawer.draw('CCO');
    drawer.beginPage(1);
    expect(drawer.draw('CCN')).not.toBeNull();
    expect(drawer.draw('CCC')).toBeNull(); // over the allowance: next page
    expect(drawer.draw('CCO')).toBe(ethanol);
    drawer.beginPage(1);
    expect(drawer.draw('CCC')).not.toBeNull();
  });

  it('draws nothing for an unparsable or empty SMILES', async () => {
    const drawer = createStructureDrawer();
    await drawer.ready();
    expect(drawer.draw('C1CC')).toBeNull();
    expect(drawer.draw('<script>alert(1)</script>')).toBeNull();
    expect(drawer.draw('')).toBeNull();
  });

  it('draws nothing before RDKit is loaded or when it failed to load', async () => {
    let release: () => void = () => undefined;
    const never = createStructureDrawer(
      () =>
        new Promise((_, reject) => {
          release = () => reject(new Error('no wasm'));
        }),
    );
    expect(never.draw('CCO')).toBeNull();
    release();
    await never.ready();
    expect(never.draw('CCO')).toBeNull();
  });
});

describe('compactSvg', () => {
  const head =
    "<?xml version='1.0' encoding='iso-8859-1'?>\n<svg version='1.1' baseProfile='full' xmlns='http://www.w3.org/2000/svg' " +
    "xml:space='preserve' width='220px' height='160px' viewBox='0 0 220 160'>\n<!-- END OF HEADER -->\n";

  it('merges the bond strokes of one style and keeps the labels after them, in order', () => {
    const svg =
      head +
      "<path class='bond-0' d='M 1.0,2.0 L 3.0,4.0' style='fill:none;fill-rule:evenodd;stroke:#000000;stroke-width:1.4px;stroke-linecap:butt;stroke-linejoin:miter;stroke-opacity:1' />\n" +
      "<path class='atom-1' d='M 5.0 5.0\nQ 6.0 6.0, 7.0 7.0' fill='#FF0000'/>\n" +
      "<path class='bond-1' d='M 3.0,4.0 L 5.0,6.0' style='fill:none;fill-rule:evenodd;stroke:#000000;stroke-width:1.4px;stroke-linecap:butt;stroke-linejoin:miter;stroke-opacity:1' />\n" +
      '</svg>\n';
    expect(compactSvg(svg)).toBe(
      "<svg xmlns='http://www.w3.org/2000/svg' width='220' height='160' viewBox='0 0 220 160'>" +
        "<path d='M1.0,2.0L3.0,4.0M3.0,4.0L5.0,6.0' style='fill:none;fill-rule:evenodd;stroke:#000000;stroke-width:1.4px'/>\n" +
        "<path d='M5.0 5.0Q6.0 6.0,7.0 7.0' fill='#FF0000'/></svg>",
    );
  });

  it('refuses anything but the elements RDKit draws molecules with', () => {
    for (const bad of [
      '<script>alert(1)</script>',
      '<foreignObject><div/></foreignObject>',
      "<a href='https://example.org'><path d='M 1,1'/></a>",
      "<path d='M 1,1' onload='alert(1)'/>",
      "<image href='x.png'/>",
      "<path d='M 1,1' style='fill:url(https://example.org/x)'/>",
    ]) {
      expect(compactSvg(`${head}${bad}\n</svg>`), bad).toBeNull();
    }
    expect(compactSvg('not an svg')).toBeNull();
  });
});
