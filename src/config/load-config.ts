/**
 * Read, override and validate a campaign config, once, at the edge.
 *
 * Order: YAML text → raw object (file-relative dataset path made absolute, name defaulted to the
 * file's base name) → `--set` overrides (a dataset path typed on the command line resolves against
 * the working directory) → zod. Every failure is an `AlcoveError('BAD_CONFIG')` whose message names
 * the file and each bad key path, with the file line or the `--set` that supplied the value.
 */
import { dirname, isAbsolute, parse as parsePath, resolve } from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter } from 'yaml';
import { AlcoveError } from '../shared/errors.js';
import { readInputFile, readInputFileSync } from '../shared/read-input-file.js';
import { campaignConfigSchema } from './campaign-schema.js';
import type { CampaignConfig } from './campaign-schema.js';
import { configHash } from './config-hash.js';
import { flattenIssues, formatProblems } from './format-issues.js';
import { applyOverride, isKeyPathPrefix, isPlainObject, parseOverride, shownOverride } from './overrides.js';
import { parseYamlMapping, YAML_LIMITS } from './read-yaml.js';
import type { ConfigOverride } from './overrides.js';

export interface LoadedConfig {
  /** Absolute path of the config file. */
  readonly file: string;
  readonly config: CampaignConfig;
  /** sha256 of the canonical JSON of the resolved config (see `configHash`). */
  readonly sha256: string;
}

export interface LoadConfigOptions {
  /** Base for a relative config file and for dataset paths given by `--set`; default `process.cwd()`. */
  readonly cwd?: string;
}

const DATASET_PATH = ['dataset', 'path'] as const;
const DATASET_PATHS = ['dataset', 'paths'] as const;
const INITIAL_FILE = ['campaign', 'initial_from', 'file'] as const;
const COMMAND_ARGV = ['oracle', 'argv'] as const;

export async function loadConfig(
  file: string,
  overrides: readonly string[] = [],
  options: LoadConfigOptions = {},
): Promise<LoadedConfig> {
  const abs = resolve(options.cwd ?? process.cwd(), file);
  const bytes = await readInputFile(abs, {
    code: 'BAD_CONFIG',
    message: (reason) => `${file}: config file ${reason} (${abs})`,
    maxBytes: YAML_LIMITS.maxBytes,
  });
  const text = bytes.toString('utf8');
  return parseConfigText(text, file, overrides, options);
}

/** `loadConfig` without the disk read: `file` names the text in messages and anchors relative paths. */
export function parseConfigText(
  text: string,
  file: string,
  overrides: readonly string[] = [],
  options: LoadConfigOptions = {},
): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const abs = resolve(cwd, file);
  const { doc, lineCounter, value } = parseYamlMapping(text, file);
  let raw: Record<string, unknown> = prepareFileInput(value, abs);
  raw = includeLimitsFile(raw, file, dirname(abs));
  const parsed: ConfigOverride[] = overrides.map(parseOverride);
  for (const override of parsed) {
    raw = applyOverride(raw, override);
    if (isKeyPathPrefix(override.path, DATASET_PATH) || isKeyPathPrefix(override.path, DATASET_PATHS)) {
      raw = resolveDatasetPath(raw, cwd);
    }
    if (isKeyPathPrefix(override.path, COMMAND_ARGV)) raw = resolveCommandPath(raw, cwd);
    if (isKeyPathPrefix(override.path, INITIAL_FILE)) raw = resolveInitialPath(raw, cwd);
  }

  const result = campaignConfigSchema.safeParse(raw);
  if (!result.success) {
    const locate = (path: readonly PropertyKey[]): string | undefined => {
      const from = parsed.findLast((o) => isKeyPathPrefix(o.path, path));
      if (from !== undefined) return `from --set ${shownOverride(from.text)}`;
      const line = lineOf(doc, lineCounter, path);
      return line === undefined ? undefined : `line ${line}`;
    };
    throw new AlcoveError('BAD_CONFIG', formatProblems(file, flattenIssues(result.error.issues), locate));
  }
  return { file: abs, config: result.data, sha256: configHash(result.data) };
}

/**
 * Name defaults to the file's base name; a relative dataset path and a command oracle's relative program path
 * are relative to the file's folder.
 */
function prepareFileInput(raw: Record<string, unknown>, absFile: string): Record<string, unknown> {
  const out = { ...raw };
  if (out.name === undefined) out.name = nameFromFile(absFile);
  const base = dirname(absFile);
  return resolveInitialPath(resolveCommandPath(resolveDatasetPath(out, base), base), base);
}

/** `campaign.initial_from.file`, when relative, made absolute against `base` (as the dataset path). */
function resolveInitialPath<T>(raw: T, base: string): T {
  if (!isPlainObject(raw) || !isPlainObject(raw.campaign) || !isPlainObject(raw.campaign.initial_from)) return raw;
  const from = raw.campaign.initial_from;
  if (typeof from.file !== 'string' || from.file === '' || isAbsolute(from.file)) return raw;
  return { ...raw, campaign: { ...raw.campaign, initial_from: { ...from, file: resolve(base, from.file) } } };
}

function resolveDatasetPath<T>(raw: T, base: string): T {
  if (!isPlainObject(raw) || !isPlainObject(raw.dataset)) return raw;
  const { paths } = raw.dataset;
  if (Array.isArray(paths)) {
    const absolute = paths.map((p: unknown) =>
      typeof p === 'string' && p !== '' && !isAbsolute(p) ? resolve(base, p) : p,
    );
    return { ...raw, dataset: { ...raw.dataset, paths: absolute } };
  }
  const path = raw.dataset.path;
  if (typeof path !== 'string' || path === '' || isAbsolute(path)) return raw;
  return { ...raw, dataset: { ...raw.dataset, path: resolve(base, path) } };
}

/**
 * A command oracle's argv[0], when it is a relative path (`./dock.sh`, `bin/score`), made absolute against
 * `base`. A bare program name (`python3`, no slash) stays as it is, to be found on PATH as execvp would; other
 * arguments are the program's business and are never touched. Anything malformed is left for zod to report.
 */
function resolveCommandPath<T>(raw: T, base: string): T {
  if (!isPlainObject(raw) || !isPlainObject(raw.oracle) || !Array.isArray(raw.oracle.argv)) return raw;
  const [program, ...args] = raw.oracle.argv as unknown[];
  if (typeof program !== 'string' || !program.includes('/') || isAbsolute(program)) return raw;
  return { ...raw, oracle: { ...raw.oracle, argv: [resolve(base, program), ...args] } };
}

/**
 * `limits: limits.yaml` reads the stage profiles from a file of their own (relative to the config file),
 * so that one machine's limits serve many campaigns; an inline `limits:` section works as well.
 */
function includeLimitsFile(raw: Record<string, unknown>, file: string, base: string): Record<string, unknown> {
  if (typeof raw.limits !== 'string') return raw;
  const path = resolve(base, raw.limits);
  const text = readInputFileSync(path, {
    code: 'BAD_CONFIG',
    message: (reason) => `${file}: limits: cannot read ${path}: ${reason}`,
    maxBytes: YAML_LIMITS.maxBytes,
  }).toString('utf8');
  const limits = parseYamlMapping(text, path).value;
  // The file may hold the profiles directly or under a `limits:` key.
  const profiles = isPlainObject(limits) && isPlainObject(limits.limits) ? limits.limits : limits;
  return { ...raw, limits: profiles };
}

/** `configs/ESOL run.yaml` → `ESOL-run`: a filesystem-safe campaign name. */
export function nameFromFile(file: string): string {
  const name = parsePath(file)
    .name.replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 100);
  return name === '' ? 'default' : name;
}

/** The 1-based line of the deepest key on `path` that the YAML file spells out (not the root). */
function lineOf(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
      if (pair === undefined) break;
      const anchor = isScalar(pair.key) ? pair.key : pair.value;
      if (isScalar(anchor) || isMap(anchor) || isSeq(anchor)) offset = anchor.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item: unknown = node.items[key];
      if (item === undefined) break;
      if (isScalar(item) || isMap(item) || isSeq(item)) offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}
