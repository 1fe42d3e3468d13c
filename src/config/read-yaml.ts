/**
 * YAML text → plain data, for every YAML file Alcove reads (campaign configs, limits files, sweeps, a
 * package's config), with limits that turn hostile input into a one-line `BAD_CONFIG` message naming the
 * file and the line or key instead of a crash: a size cap, a nesting cap checked on the parser's tokens
 * before anything recursive runs (the composer, toJS and zod recurse and overflow the stack past ~1,000
 * levels), yaml's `maxAliasCount` against alias bombs ("billion laughs"), and a walk of the result that
 * refuses cycles (an alias inside its own anchor) and nesting reached through aliases.
 */
import { Composer, LineCounter, Parser } from 'yaml';
import type { CST, Document } from 'yaml';
import { AlcoveError } from '../shared/errors.js';
import { formatKeyPath } from './format-issues.js';
import { isPlainObject } from './is-plain-object.js';

export const YAML_LIMITS = {
  /** Bytes of text; a campaign config is well under 4 KiB, a large sweep under 64 KiB. */
  maxBytes: 256 * 1024,
  /** Collections inside collections; a campaign config needs 3, a sweep about 6. */
  maxDepth: 64,
  /** yaml's `maxAliasCount`: alias uses, counted with what they expand to. */
  maxAliasCount: 100,
} as const;

export interface ParsedYaml {
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** The document as plain data; an empty document is `{}`. */
  readonly value: Record<string, unknown>;
}

function bad(message: string): AlcoveError {
  return new AlcoveError('BAD_CONFIG', message);
}

export interface ParsedYamlValue {
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** The document as plain data (null for an empty document). */
  readonly value: unknown;
}

/** Parse one YAML document whose top level is a mapping (or empty). Throws BAD_CONFIG naming `file`. */
export function parseYamlMapping(text: string, file: string): ParsedYaml {
  const { doc, lineCounter, value } = parseYamlValue(text, file);
  if (value === null || value === undefined) return { doc, lineCounter, value: {} };
  if (!isPlainObject(value)) {
    throw bad(`${file}: (top level): must be a mapping of keys (key: value lines), not ${describe(value)}`);
  }
  return { doc, lineCounter, value };
}

/** Parse one YAML document of any shape. `file` names the text in messages. Throws BAD_CONFIG. */
export function parseYamlValue(text: string, file: string): ParsedYamlValue {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > YAML_LIMITS.maxBytes) {
    throw bad(`${file}: the text is ${bytes} bytes, more than a YAML config may be (${YAML_LIMITS.maxBytes})`);
  }
  const lineCounter = new LineCounter();
  const at = (offset: number): string => {
    const pos = lineCounter.linePos(offset);
    return `${file}:${pos.line}:${pos.col}`;
  };
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  const deep = firstTooDeep(tokens, YAML_LIMITS.maxDepth);
  if (deep !== null) throw bad(`${at(deep)}: YAML nested more than ${YAML_LIMITS.maxDepth} levels deep`);

  const docs = Array.from(new Composer({ uniqueKeys: true }).compose(tokens, true, text.length));
  const [doc, second] = docs;
  if (doc === undefined) throw bad(`${file}: YAML syntax error: no document`);
  if (second !== undefined) {
    throw bad(`${at(second.range[0])}: YAML syntax error: more than one document (a config is one document)`);
  }
  const error = doc.errors[0];
  if (error !== undefined) {
    const message = error.message.replace(/\s*\n\s*/g, ' ').trim();
    throw bad(`${at(error.pos[0])}: YAML syntax error: ${message}`);
  }
  const value = toPlainData(doc, file);
  if (value !== null && typeof value === 'object') refuseCyclesAndDepth(value, file);
  return { doc, lineCounter, value };
}

function toPlainData(doc: Document.Parsed, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/excessive alias count/i.test(message)) {
      throw bad(
        `${file}: YAML aliases expand past ${YAML_LIMITS.maxAliasCount} nodes (an alias bomb?); ` +
          'write the values out instead of nesting aliases',
      );
    }
    throw new AlcoveError('BAD_CONFIG', `${file}: YAML error: ${message}`, { cause: error });
  }
}

/** The offset of the first token nested deeper than `max` collections, or null. Iterative: no recursion. */
function firstTooDeep(tokens: readonly CST.Token[], max: number): number | null {
  const stack: [CST.Token, number][] = tokens.map((t) => [t, 0]);
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [token, depth] = next;
    if (depth > max) return token.offset;
    if (token.type === 'document') {
      if (token.value !== undefined) stack.push([token.value, depth]);
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      for (const item of token.items) {
        if (item.key !== undefined && item.key !== null) stack.push([item.key, depth + 1]);
        if (item.value !== undefined) stack.push([item.value, depth + 1]);
      }
    }
  }
  return null;
}

/**
 * Aliases can make a cycle (`a: &a [*a]`) or nest deeper than the text does; both would overflow the
 * stack of whatever recurses over the value next (zod, hashing). Iterative depth-first walk.
 */
function refuseCyclesAndDepth(root: object, file: string): void {
  const path: PropertyKey[] = [];
  const open: object[] = [];
  const stack: ({ key: PropertyKey; value: unknown } | 'exit')[] = [...entriesOf(root)].reverse();
  open.push(root);
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (next === 'exit') {
      open.pop();
      path.pop();
      continue;
    }
    const { key, value } = next;
    if (value === null || typeof value !== 'object') continue;
    const where = path.length < 8 ? formatKeyPath([...path, key]) : `${formatKeyPath(path.slice(0, 8))}...`;
    if (open.includes(value)) throw bad(`${file}: ${where}: a YAML alias refers to a value that contains it`);
    if (open.length >= YAML_LIMITS.maxDepth) {
      throw bad(`${file}: ${where}: nested more than ${YAML_LIMITS.maxDepth} levels deep (through aliases)`);
    }
    open.push(value);
    path.push(key);
    stack.push('exit', ...[...entriesOf(value)].reverse());
  }
}

function* entriesOf(value: object): Generator<{ key: PropertyKey; value: unknown }> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield { key: i, value: value[i] as unknown };
  } else if (value instanceof Map) {
    for (const [k, v] of value as Map<unknown, unknown>) yield { key: String(k), value: v };
  } else if (value instanceof Set) {
    let i = 0;
    for (const v of value as Set<unknown>) yield { key: i++, value: v };
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) yield { key: k, value: v };
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `the value ${String(value)}`;
  return `a ${value instanceof Map ? 'YAML map with non-text keys' : typeof value}`;
}
