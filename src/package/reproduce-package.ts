/**
 * `reproduce FILE.tar.gz --state-dir DIR2`: verify, extract to `DIR2/package/`, re-run the campaign (or sweep)
 * into `DIR2/run/` with the packaged config and dataset, and compare the metrics with the packaged ones field by
 * field. The current environment is compared with the recorded one and every difference is reported.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { parseConfigText } from '../config/load-config.js';
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
import { openPackage, verifyOpened, formatPackageVerify } from './verify-package.js';
import { statePaths } from '../state/state-files.js';

export interface ReproduceOptions {
  readonly file: string;
  readonly stateDir: string;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
  readonly pools?: PoolSet;
}

export interface ReproduceResult {
  readonly kind: 'campaign' | 'sweep';
  readonly status: 'identical' | 'different' | 'interrupted' | 'failed';
  readonly metricDifferences: readonly Difference[];
  /** Recorded vs current environment (host included). */
  readonly environmentDifferences: readonly Difference[];
}

const text = (data: Uint8Array | undefined) => (data === undefined ? '' : Buffer.from(data).toString('utf8'));

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

export async function reproducePackage(options: ReproduceOptions): Promise<ReproduceResult> {
  const { file, stateDir, clock } = options;
  const log = options.log ?? (() => undefined);
  const pkg = openPackage(file);
  const check = verifyOpened(pkg);
  if (!check.ok) throw new AlcoveError('BAD_INPUT', formatPackageVerify(file, check).join('\n'));
  const kind = pkg.manifest.kind;
  const extracted = join(stateDir, 'package');
  for (const [path, data] of pkg.entries) {
    const abs = join(extracted, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, data);
  }
  const recorded = (JSON.parse(text(pkg.entries.get('environment.json'))) as { recorded?: unknown }).recorded;
  const environmentDifferences = compareJson('', envView(recorded), envView(collectEnvironment(REPO_ROOT)));
  const dataset = JSON.parse(text(pkg.entries.get('dataset.json'))) as {
    path?: string;
    builtin?: string;
    included?: boolean;
    sha256?: string | null;
  };
  let datasetPath: string | null = null;
  if (dataset.builtin === undefined) {
    if (dataset.included === true && dataset.path !== undefined)
      datasetPath = join(extracted, 'dataset', dataset.path.split(/[/\\]/).pop() ?? '');
    else if (dataset.path !== undefined && existsSync(dataset.path)) {
      const digest = await sha256File(dataset.path);
      if (digest !== dataset.sha256)
        throw new AlcoveError(
          'BAD_DATA',
          `${dataset.path} is not the packaged dataset (sha256 ${digest.slice(0, 12)}…, recorded ${String(dataset.sha256).slice(0, 12)}…)`,
        );
      datasetPath = dataset.path;
    } else
      throw new AlcoveError(
        'BAD_DATA',
        `the dataset is not in the package and ${dataset.path ?? '?'} does not exist; see dataset.json`,
      );
  }
  const runDir = join(stateDir, 'run');
  const ownPools = options.pools === undefined;
  let pools: PoolSet | undefined = options.pools;
  try {
    if (kind === 'campaign') {
      const raw = parseYaml(text(pkg.entries.get('config.yaml'))) as Record<string, unknown>;
      if (datasetPath !== null) raw.dataset = { ...(raw.dataset as Record<string, unknown>), path: datasetPath };
      const loaded = parseConfigText(stringifyYaml(raw), join(extracted, 'config.yaml'));
      pools ??= createPoolSet(loaded.config.limits, loaded.config.workers);
      log(`reproduce: re-running campaign '${loaded.config.name}' in ${runDir}`);
      const result = await runCampaign({
        loaded,
        stateDir: runDir,
        resume: existsSync(statePaths(runDir).checkpoint),
        pools,
        clock,
        liveRefresh: false,
        log,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (result.status === 'interrupted')
        return { kind, status: 'interrupted', metricDifferences: [], environmentDifferences };
      const packaged = JSON.parse(text(pkg.entries.get('metrics/summary.json'))) as {
        history: RoundLike[];
        status: string;
      };
      const diffs = compareHistories('', packaged.history, result.summary.history);
      if (packaged.status !== result.summary.status)
        diffs.unshift({ field: 'status', packaged: packaged.status, reproduced: result.summary.status });
      return {
        kind,
        status: diffs.length === 0 ? 'identical' : 'different',
        metricDifferences: diffs,
        environmentDifferences,
      };
    }
    const sweepJson = JSON.parse(text(pkg.entries.get('sweep.json'))) as { spec: Record<string, unknown> };
    const spec = { ...sweepJson.spec };
    if (datasetPath !== null) {
      const base = spec.base as Record<string, unknown>;
      spec.base = { ...base, dataset: { ...(base.dataset as Record<string, unknown>), path: datasetPath } };
    }
    const sweep = parseSweepText(stringifyYaml(spec), join(extracted, 'sweep.yaml'));
    log(`reproduce: re-running sweep '${sweep.name}' (${sweep.space.total} runs) in ${runDir}`);
    const r = await runSweep({
      sweep,
      stateDir: runDir,
      clock,
      log,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(pools ? { pools } : {}),
    });
    if (r.state === 'interrupted')
      return { kind, status: 'interrupted', metricDifferences: [], environmentDifferences };
    const packagedRows = (JSON.parse(text(pkg.entries.get('results.json'))) as { rows: SweepRow[] }).rows;
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
    return {
      kind,
      status: diffs.length === 0 ? 'identical' : 'different',
      metricDifferences: diffs,
      environmentDifferences,
    };
  } finally {
    if (ownPools) await pools?.close();
  }
}
