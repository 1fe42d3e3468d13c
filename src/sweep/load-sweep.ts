/**
 * Reads and validates a sweep file, resolves its base campaign, and builds each run's campaign config on
 * demand (base + the run's parameters + its seed, validated like `--set` overrides).
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { parseConfigText, type LoadedConfig } from '../config/load-config.js';
import { flattenIssues, formatProblems } from '../config/format-issues.js';
import { isPlainObject } from '../config/overrides.js';
import { parseYamlMapping, YAML_LIMITS } from '../config/read-yaml.js';
import { AlcoveError } from '../shared/errors.js';
import { readInputFileSync } from '../shared/read-input-file.js';
import { sha256Json } from '../shared/hash.js';
import { buildSpace, combinationAt, type SweepRun, type SweepSpace } from './expand-sweep.js';
import { sweepSchema, type SweepSpec } from './sweep-schema.js';

export interface LoadedSweep {
  /** Absolute path of the sweep file (or of the text's stand-in name). */
  readonly file: string;
  readonly name: string;
  readonly spec: SweepSpec;
  /** The base campaign as raw YAML data, dataset path made absolute. */
  readonly base: Record<string, unknown>;
  /** The file relative paths of the base resolve against (its own file, or the sweep file when inline). */
  readonly baseFile: string;
  readonly space: SweepSpace;
  /** sha256 of the canonical JSON of { spec without base, base }. */
  readonly sha256: string;
}

function readText(path: string, what: string): string {
  const bytes = readInputFileSync(path, {
    code: 'BAD_CONFIG',
    message: (reason) => `${what} ${reason}: ${path}`,
    maxBytes: YAML_LIMITS.maxBytes,
  });
  return bytes.toString('utf8');
}

export function loadSweep(file: string, cwd: string = process.cwd()): LoadedSweep {
  const abs = resolve(cwd, file);
  return parseSweepText(readText(abs, 'sweep file'), abs);
}

export function parseSweepText(text: string, file: string): LoadedSweep {
  const raw = parseYamlMapping(text, file).value;
  const parsed = sweepSchema.safeParse(raw);
  if (!parsed.success) throw new AlcoveError('BAD_CONFIG', formatProblems(file, flattenIssues(parsed.error.issues)));
  const spec = parsed.data;
  let base: Record<string, unknown>;
  let baseFile = file;
  if (typeof spec.base === 'string') {
    baseFile = resolve(dirname(file), spec.base);
    base = parseYamlMapping(readText(baseFile, 'base campaign config'), baseFile).value;
  } else {
    base = { ...spec.base };
  }
  if (isPlainObject(base.dataset) && typeof base.dataset.path === 'string' && !isAbsolute(base.dataset.path)) {
    base = { ...base, dataset: { ...base.dataset, path: resolve(dirname(baseFile), base.dataset.path) } };
  }
  const baseSeed = typeof base.seed === 'number' ? base.seed : 0;
  const space = buildSpace(spec, baseSeed);
  if (space.total === 0) throw new AlcoveError('BAD_CONFIG', `${file}: the sweep has no runs`);
  const name = spec.name ?? (typeof base.name === 'string' ? base.name : 'sweep');
  const { base: _b, ...rest } = spec;
  const sweep: LoadedSweep = { file, name, spec, base, baseFile, space, sha256: sha256Json({ spec: rest, base }) };
  // Fail early on a bad parameter value: validate the first and last runs' configs.
  configForRun(sweep, combinationAt(space, 0));
  if (space.total > 1) configForRun(sweep, combinationAt(space, space.total - 1));
  return sweep;
}

/**
 * The base campaign's YAML text, rendered once per loaded sweep: the base never changes (a LoadedSweep is
 * read-only), and rendering it again for each of a sweep's runs was main-thread time the pool waited on.
 */
const baseTexts = new WeakMap<LoadedSweep, string>();

function baseText(sweep: LoadedSweep): string {
  let text = baseTexts.get(sweep);
  if (text === undefined) {
    text = stringifyYaml({ name: sweep.name, ...sweep.base });
    baseTexts.set(sweep, text);
  }
  return text;
}

/** The validated campaign config of one run. */
export function configForRun(sweep: LoadedSweep, run: Pick<SweepRun, 'params' | 'seed'>): LoadedConfig {
  const sets = Object.entries(run.params).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  sets.push(`seed=${run.seed}`);
  return parseConfigText(baseText(sweep), sweep.baseFile, sets, { cwd: dirname(sweep.baseFile) });
}

/** The sweep as plain JSON (written to `sweep.json`, packaged, and read back by `reproduce`). */
export function sweepToJson(sweep: LoadedSweep): Record<string, unknown> {
  const { base: _b, ...rest } = sweep.spec;
  return { version: 1, name: sweep.name, sha256: sweep.sha256, spec: { ...rest, base: sweep.base } };
}
