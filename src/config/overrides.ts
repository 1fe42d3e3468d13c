/**
 * `--set key.path=value` overrides, applied to the raw config before validation.
 *
 * The value is parsed as YAML, so `campaign.generations=3` is a number, `featurizer={kind: atom-pair,
 * bits: 1024}` is a mapping (it replaces the whole featurizer, not merged into it) and
 * `dataset.path=x.csv` is a string. Keys that only take text (names, paths, column names) keep the
 * typed text even when it looks like a number (`--set dataset.label_column=2024`).
 */
import { AlcoveError, isAlcoveError } from '../shared/errors.js';
import { isPlainObject } from './is-plain-object.js';
import { parseYamlValue } from './read-yaml.js';

export { isPlainObject } from './is-plain-object.js';

export interface ConfigOverride {
  /** The override as typed, for messages. */
  readonly text: string;
  readonly path: readonly string[];
  readonly value: unknown;
}

const TEXT_KEYS: ReadonlySet<string> = new Set([
  'name',
  'dataset.path',
  'dataset.smiles_column',
  'dataset.label_column',
  'dataset.id_column',
]);

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The override as typed, on one line (a value may hold line breaks), shortened past 200 characters. */
export function shownOverride(text: string): string {
  const line = text.replace(/[\r\n]/g, (c) => (c === '\n' ? '\\n' : '\\r'));
  return line.length > 200 ? `${line.slice(0, 200)}...` : line;
}

function badOverride(text: string, why: string): AlcoveError {
  return new AlcoveError('BAD_CONFIG', `--set ${shownOverride(text)}: ${why}`);
}

export function parseOverride(text: string): ConfigOverride {
  const eq = text.indexOf('=');
  if (eq < 0) throw badOverride(text, 'expected key.path=value');
  const key = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1);
  if (key === '') throw badOverride(text, 'empty key path; expected key.path=value');
  const path = key.split('.').map((part) => part.trim());
  for (const part of path) {
    if (part === '') throw badOverride(text, `empty segment in key path "${key}"`);
    if (FORBIDDEN_KEYS.has(part)) throw badOverride(text, `"${part}" is not a config key`);
  }
  let value: unknown;
  try {
    value = parseYamlValue(raw, 'value').value;
  } catch (err) {
    if (!isAlcoveError(err)) throw err;
    throw badOverride(text, `the value is not valid YAML: ${err.message}`);
  }
  if (TEXT_KEYS.has(path.join('.')) && (typeof value === 'number' || typeof value === 'boolean')) {
    value = raw.trim();
  }
  return { text, path, value };
}

/** A copy of `root` with the override's value at its path; missing mappings on the way are created. */
export function applyOverride(root: unknown, override: ConfigOverride): Record<string, unknown> {
  const result = setIn(root, override, 0);
  if (!isPlainObject(result)) throw badOverride(override.text, 'the config is not a mapping');
  return result;
}

function setIn(node: unknown, override: ConfigOverride, depth: number): unknown {
  const { path } = override;
  const key = path[depth];
  if (key === undefined) return override.value;
  let obj: Record<string, unknown>;
  if (node === undefined || node === null) obj = {};
  else if (isPlainObject(node)) obj = { ...node };
  else {
    const at = depth === 0 ? 'the config' : `"${path.slice(0, depth).join('.')}"`;
    throw badOverride(override.text, `${at} is not a mapping`);
  }
  obj[key] = setIn(Object.hasOwn(obj, key) ? obj[key] : undefined, override, depth + 1);
  return obj;
}

/** True when `prefix` is `path` or one of its ancestors (`dataset` is a prefix of `dataset.path`). */
export function isKeyPathPrefix(prefix: readonly PropertyKey[], path: readonly PropertyKey[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => p === path[i]);
}
