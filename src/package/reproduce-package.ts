/**
 * `reproduce FILE.tar.gz --state-dir DIR2`: verify, extract to `DIR2/package/` (all or nothing, see
 * extract-package.ts), re-run the campaign (or sweep) into `DIR2/run/` with the packaged config and dataset, and
 * compare the metrics with the packaged ones field by field. The current environment is compared with the
 * recorded one and every difference is reported. A package that names a program (a command oracle) is refused
 * unless `allowCommands` is set.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { parseConfigText } from '../config/load-config.js';
import { isPlainObject } from '../config/overrides.js';
import { parseYamlMapping } from '../config/read-yaml.js';
import { REPO_ROOT } from '../shared/repo-root.js';
import { collectEnvironment } from '../records/environment-info.js';
import type { PoolSet } from '../pool/pool-set.js';
import { createPoolSet } from '../pool/pool-set.js';
import { runCampaign } from '../campaign/run-campaign.js';
import type { Clock } from '../shared/clock.js';
import { AlcoveError } from '../shared/errors.js';
import { sha256File } from '../shared/hash.js';
import { parseSweepText } from '../sweep/load-sweep.js';
import { runSweep } from '../sweep/run-sweep.js';
import type { SweepRow } from '../sweep/sweep-row.js';
import { compareHistories, compareJson, type Difference, type RoundLike } from './compare-results.js';
import { commandsNotAllowed, extractPackage, type ExtractedPackage } from './extract-package.js';
import type { ArchiveLimits } from './read-archive.js';
import { statePaths } from '../state/state-files.js';

export interface ReproduceOptions {
  readonly file: string;
  readonly stateDir: string;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
  readonly pools?: PoolSet;
  /** Run the programs the package names (a command oracle); refused otherwise. */
  readonly allowCommands?: boolean;
  /** Unpacking caps (tests lower them). */
  readonly limits?: Partial<ArchiveLimits>;
}

export interface ReproduceResult {
  readonly kind: 'campaign' | 'sweep';
  readonly status: 'identical' | 'different' | 'interrupted' | 'failed';
  readonly metricDifferences: readonly Difference[];
  /** Recorded vs current environment (host included). */
  readonly environmentDifferences: readonly Difference[];
}

/** The environment facts that can change results (host and memory are reported too). */
function envView(env: unknown): unknown {
  if (typeof env !== 'object' || env === null) return env;
  const e = env as Record<string, unknown>;
  return {
    node: e.node,
    os: e.os,
    arch: e.arch,
    cpu: e.cpu,
    totalMemoryBytes: e.totalMemoryBytes,
    host: e.host,
    alcove: e.alcove,
    packages: e.packages,
    gitCommit: e.gitCommit,
    gitDirty: e.gitDirty,
  };
}

interface DatasetInfo {
  readonly path?: string;
  readonly builtin?: string;
  readonly included?: boolean;
  readonly sha256?: string | null;
}

/** Where the re-run reads its dataset: the packaged copy, the recorded path (sha256 checked), or null (built-in). */
async function datasetPathFor(pkg: ExtractedPackage, dataset: DatasetInfo): Promise<string | null> {
  if (dataset.builtin !== undefined) return null;
  if (dataset.included === true && dataset.path !== undefined) {
    const entry = `dataset/${dataset.path.split(/[/\\]/).pop() ?? ''}`;
    if (!pkg.files.has(entry))
      throw new AlcoveError('BAD_DATA', `dataset.json says the dataset is included, but the package has no ${entry}`);
    return join(pkg.folder, entry);
  }
  if (dataset.path === undefined || !existsSync(dataset.path))
    throw new AlcoveError(
      'BAD_DATA',
      `the dataset is not in the package and ${dataset.path ?? '?'} does not exist; see dataset.json`,
    );
  const digest = await sha256File(dataset.path);
  if (digest !== dataset.sha256)
    throw new AlcoveError(
      'BAD_DATA',
      `${dataset.path} is not the packaged dataset (sha256 ${digest.slice(0, 12)}…, recorded ${String(dataset.sha256).slice(0, 12)}…)`,
    );
  return dataset.path;
}

type Rerun = Pick<ReproduceResult, 'status' | 'metricDifferences'>;

interface RerunInput {
  readonly options: ReproduceOptions;
  readonly pkg: ExtractedPackage;
  readonly datasetPath: string | null;
  readonly runDir: string;
  readonly text: (path: string) => string;
  readonly log: (line: string) => void;
}

const verdict = (diffs: Difference[]): Rerun => ({
  status: diffs.length === 0 ? 'identical' : 'different',
  metricDifferences: diffs,
});

async function rerunCampaign(input: RerunInput): Promise<Rerun> {
  const { options, pkg, datasetPath, runDir, text, log } = input;
  const raw = parseYamlMapping(text('config.yaml'), join(pkg.folder, 'config.yaml')).value;
  if (datasetPath !== null) raw.dataset = { ...(isPlainObject(raw.dataset) ? raw.dataset : {}), path: datasetPath };
  const loaded = parseConfigText(stringifyYaml(raw), join(pkg.folder, 'config.yaml'));
  // A second guard on the validated config, should it ever name a program that the package listing missed.
  if (loaded.config.oracle.kind === 'command' && options.allowCommands !== true)
    throw commandsNotAllowed(options.file, [JSON.stringify(loaded.config.oracle.argv[0])]);
  const pools = options.pools ?? createPoolSet(loaded.config.limits, loaded.config.workers);
  try {
    log(`reproduce: re-running campaign '${loaded.config.name}' in ${runDir}`);
    const result = await runCampaign({
      loaded,
      stateDir: runDir,
      resume: existsSync(statePaths(runDir).checkpoint),
      pools,
      clock: options.clock,
      liveRefresh: false,
      log,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (result.status === 'interrupted') return { status: 'interrupted', metricDifferences: [] };
    const packaged = JSON.parse(text('metrics/summary.json')) as { history: RoundLike[]; status: string };
    const diffs = compareHistories('', packaged.history, result.summary.history);
    if (packaged.status !== result.summary.status)
      diffs.unshift({ field: 'status', packaged: packaged.status, reproduced: result.summary.status });
    return verdict(diffs);
  } finally {
    if (pools !== options.pools) await pools.close();
  }
}

async function rerunSweep(input: RerunInput): Promise<Rerun> {
  const { options, pkg, datasetPath, runDir, text, log } = input;
  const sweepJson = JSON.parse(text('sweep.json')) as { spec: Record<string, unknown> };
  const spec = { ...sweepJson.spec };
  if (datasetPath !== null) {
    const base = spec.base as Record<string, unknown>;
    spec.base = { ...base, dataset: { ...(base.dataset as Record<string, unknown>), path: datasetPath } };
  }
  const sweep = parseSweepText(stringifyYaml(spec), join(pkg.folder, 'sweep.yaml'));
  log(`reproduce: re-running sweep '${sweep.name}' (${sweep.space.total} runs) in ${runDir}`);
  const r = await runSweep({
    sweep,
    stateDir: runDir,
    clock: options.clock,
    log,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.pools ? { pools: options.pools } : {}),
  });
  if (r.state === 'interrupted') return { status: 'interrupted', metricDifferences: [] };
  const packagedRows = (JSON.parse(text('results.json')) as { rows: SweepRow[] }).rows;
  const now = new Map(r.results.rows.map((row) => [row.id, row] as const));
  const diffs: Difference[] = [];
  for (const row of packagedRows) {
    const again = now.get(row.id);
    if (again === undefined) {
      diffs.push({ field: `run ${row.id}`, packaged: row.status, reproduced: 'missing' });
      continue;
    }
    if (again.status !== row.status)
      diffs.push({ field: `run ${row.id}.status`, packaged: row.status, reproduced: again.status });
    diffs.push(...compareHistories(`run ${row.id}: `, row.rounds, again.rounds));
  }
  return verdict(diffs);
}

export async function reproducePackage(options: ReproduceOptions): Promise<ReproduceResult> {
  const pkg = await extractPackage(options.file, options.stateDir, {
    allowCommands: options.allowCommands === true,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const kind = pkg.manifest.kind;
  // Every entry read here was verified against the manifest (required files are present).
  const text = (path: string) => readFileSync(join(pkg.folder, path), 'utf8');
  const recorded = (JSON.parse(text('environment.json')) as { recorded?: unknown }).recorded;
  const environmentDifferences = compareJson('', envView(recorded), envView(collectEnvironment(REPO_ROOT)));
  const datasetPath = await datasetPathFor(pkg, JSON.parse(text('dataset.json')) as DatasetInfo);
  const input: RerunInput = {
    options,
    pkg,
    datasetPath,
    runDir: join(options.stateDir, 'run'),
    text,
    log: options.log ?? (() => undefined),
  };
  const r = kind === 'campaign' ? await rerunCampaign(input) : await rerunSweep(input);
  return { kind, ...r, environmentDifferences };
}
