import { describe, expect, it } from 'vitest';
import { escapeHtml, toScriptJson } from '../../src/dashboard/escape-html.js';

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&#39;');
  });

  it('turns a script id into inert text', () => {
    expect(escapeHtml('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('leaves ordinary SMILES alone and does not double-escape by accident', () => {
    expect(escapeHtml('CC(=O)Nc1ccc(O)cc1')).toBe('CC(=O)Nc1ccc(O)cc1');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });
});

describe('toScriptJson', () => {
  const nasty = {
    id: '<script>alert(1)</script>',
    smiles: 'C</script><script>alert(2)</script>',
    comment: '<!-- x -->',
    amp: 'a&b',
    seps: 'line\u2028para\u2029end',
  };

  it('contains no <, >, & or raw U+2028/U+2029', () => {
    const s = toScriptJson(nasty);
    expect(s).not.toMatch(/[<>&\u2028\u2029]/);
    expect(s.toLowerCase()).not.toContain('</script');
    expect(s).toContain('\\u003c/script\\u003e');
    expect(s).toContain('\\u2028');
    expect(s).toContain('\\u2029');
  });

  it('parses back to exactly the same value', () => {
    expect(JSON.parse(toScriptJson(nasty))).toEqual(nasty);
    expect(JSON.parse(toScriptJson([1, null, 'x']))).toEqual([1, null, 'x']);
  });

  it('renders undefined as null (still valid JSON)', () => {
    expect(toScriptJson(undefined)).toBe('null');
  });
});
