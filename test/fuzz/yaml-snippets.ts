/** YAML texts that parsers have tripped on, for splicing into configs. */
import fc from 'fast-check';
import { ALIAS_BOMB } from '../helpers/hostile-inputs.js';

/** Texts that YAML parsers have tripped on: aliases, cycles, tags, merge keys, documents, deep nesting. */
export const yamlSnippet = fc.oneof(
  fc.constantFrom(
    ALIAS_BOMB,
    'x: &a [*a]',
    'x: *nope',
    'x: !!binary aGVsbG8=',
    'x: !!set { a, b }',
    'x: !!omap [ a: 1 ]',
    '? [a, b]\n: c',
    '<<: { seed: 3 }',
    '%YAML 1.1\n---',
    '---',
    '...',
    '\t- tab',
    'x: "\\u0000"',
    'x: &a { y: 1 }\nz: *a',
    'x: |\n  block\n text',
    'seed: 0x1F',
    'seed: 1_000',
    'seed: .nan',
    'seed: -.inf',
    'campaign: { generations: 1e400 }',
  ),
  fc.integer({ min: 10, max: 3_000 }).map((n) => `x: ${'['.repeat(n)}${']'.repeat(n)}`),
  fc.integer({ min: 10, max: 200 }).map((n) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k:`).join('\n')),
  fc.integer({ min: 10, max: 2_000 }).map((n) => `${'- '.repeat(n)}x`),
);

/** Inserts `text` at the start of a line of `base`. */
export function insertAtLine(base: string, text: string, at: number): string {
  const lines = base.split('\n');
  const i = Math.floor(at * (lines.length + 1));
  return [...lines.slice(0, i), text, ...lines.slice(i)].join('\n');
}
