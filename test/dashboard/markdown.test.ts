import { describe, expect, it } from 'vitest';
import { codeBlock, escapeMarkdown, inlineCode, linkTarget, markdownTable } from '../../src/dashboard/markdown.js';

describe('markdown', () => {
  it('builds a table with alignment and pads short rows', () => {
    expect(markdownTable(['a', 'b'], [['1', '2'], ['3']], ['left', 'right'])).toBe(
      ['| a | b |', '| --- | ---: |', '| 1 | 2 |', '| 3 |  |'].join('\n'),
    );
  });

  it('escapes text that would break a table or inject HTML', () => {
    expect(escapeMarkdown('a|b')).toBe('a\\|b');
    expect(escapeMarkdown('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeMarkdown('*x* _y_ [z]')).toBe('\\*x\\* \\_y\\_ \\[z\\]');
    expect(escapeMarkdown('two\nlines')).toBe('two lines');
  });

  it('makes code spans and blocks that survive backticks', () => {
    expect(inlineCode('C|C')).toBe('`C\\|C`');
    expect(inlineCode('a`b')).toBe('``a`b``');
    expect(codeBlock('x: 1', 'yaml')).toBe('```yaml\nx: 1\n```');
    expect(codeBlock('```\n')).toBe('````\n```\n````');
  });

  it('percent-encodes link targets per segment', () => {
    expect(linkTarget('artifacts/my model (1).bin')).toBe('artifacts/my%20model%20%281%29.bin');
    expect(linkTarget('../x.json')).toBe('../x.json');
  });
});
