/**
 * The programs a package would run if reproduced: today only a command oracle (`oracle: { kind: command,
 * argv: [...] }`). `verify` lists them and `reproduce` refuses them without `--allow-commands`, because a shared
 * package is someone else's code.
 *
 * Read from the raw packaged config, before validation, and on purpose over-inclusive: every `oracle.argv` is
 * listed whatever its `kind` says. In a sweep, a run's oracle comes from the base campaign or from a grid/zip value
 * of the key `oracle` (a mapping); sweep key paths have no numeric segments and sweep values are never lists, so
 * no other key can produce an `argv`.
 */
import { isPlainObject } from '../config/overrides.js';
import { parseYamlMapping } from '../config/read-yaml.js';
import { AlcoveError } from '../shared/errors.js';
import type { PackageKind } from './package-manifest.js';

export interface PackageProgram {
  /** argv[0] as the package names it (a relative path resolves against the extracted package). */
  readonly program: string;
  readonly argv: readonly string[];
  /** Where the package names it, e.g. `config.yaml: oracle.argv`. */
  readonly source: string;
}

/** Entries the lister reads; the archive reader keeps them in memory. */
export const PROGRAM_SOURCES: ReadonlySet<string> = new Set(['config.yaml', 'sweep.json']);

function oracleProgram(oracle: unknown, source: string): PackageProgram[] {
  if (!isPlainObject(oracle) || !Array.isArray(oracle.argv) || oracle.argv.length === 0) return [];
  const argv = (oracle.argv as unknown[]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a)));
  return [{ program: argv[0] ?? '', argv, source }];
}

function campaignPrograms(text: string): PackageProgram[] {
  // Parsed as parseConfigText parses it, so that aliases resolve the same way (and the same limits hold).
  const raw = parseYamlMapping(text, 'config.yaml in the package').value;
  return oracleProgram(raw.oracle, 'config.yaml: oracle.argv');
}

function sweepPrograms(text: string): PackageProgram[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AlcoveError('BAD_CONFIG', `sweep.json in the package is not JSON: ${(error as Error).message}`);
  }
  const spec = isPlainObject(json) ? json.spec : undefined;
  if (!isPlainObject(spec)) return [];
  if (typeof spec.base === 'string')
    throw new AlcoveError(
      'PACKAGE_UNSAFE',
      `sweep.json in the package names its base campaign by file (${JSON.stringify(spec.base)}) instead of inlining it: that file is outside the package`,
    );
  const out = isPlainObject(spec.base) ? oracleProgram(spec.base.oracle, 'sweep.json: spec.base.oracle.argv') : [];
  const groups: unknown[] = [spec.grid, ...(Array.isArray(spec.zip) ? (spec.zip as unknown[]) : [spec.zip])];
  for (const [g, group] of groups.entries()) {
    if (!isPlainObject(group) || !Array.isArray(group.oracle)) continue;
    const where = g === 0 ? 'spec.grid.oracle' : `spec.zip[${g - 1}].oracle`;
    (group.oracle as unknown[]).forEach((value, i) => out.push(...oracleProgram(value, `sweep.json: ${where}[${i}]`)));
  }
  return out;
}

/** Every program the package names, from its kept `config.yaml` (campaign) or `sweep.json` (sweep). */
export function listPackagePrograms(kind: PackageKind, kept: ReadonlyMap<string, Buffer>): PackageProgram[] {
  const entry = kind === 'campaign' ? 'config.yaml' : 'sweep.json';
  const data = kept.get(entry);
  if (data === undefined) return []; // reported by verify as a missing required file
  const text = data.toString('utf8');
  return kind === 'campaign' ? campaignPrograms(text) : sweepPrograms(text);
}

/** One line per program, for `verify` and for the refusal message. */
export function formatProgram(p: PackageProgram): string {
  return `${JSON.stringify(p.program)} (${p.source}: ${JSON.stringify(p.argv)})`;
}
