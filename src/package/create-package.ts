/**
 * `package --state-dir DIR --out FILE.tar.gz`: a reproducibility package of a campaign or a sweep folder:
 * resolved config (and sweep), lockfile and package manifest, environment, dataset (or its sha256 and origin),
 * audit log, metrics, README with the commands, and MANIFEST.json with the sha256 of every file.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { readAudit } from '../records/audit-log.js';
import { REPO_ROOT } from '../shared/repo-root.js';
import { collectEnvironment } from '../records/environment-info.js';
import type { Clock } from '../shared/clock.js';
import { AlcoveError } from '../shared/errors.js';
import { sha256 } from '../shared/hash.js';
import { buildManifest, PACKAGE_MANIFEST, type PackageKind } from './package-manifest.js';
import { writeArchive, type ArchiveEntry } from './write-archive.js';
import { STATE_FILES, statePaths } from '../state/state-files.js';

/** Datasets up to this size are packaged; larger ones are recorded by sha256 and path. */
export const MAX_DATASET_BYTES = 20 * 1024 * 1024;

export interface CreatePackageResult {
  readonly kind: PackageKind;
  readonly files: number;
  readonly bytes: number;
  readonly datasetIncluded: boolean;
}

interface RunStart {
  readonly config: Record<string, unknown>;
  readonly environment: unknown;
}

function firstRunStart(auditPath: string): RunStart | null {
  if (!existsSync(auditPath)) return null;
  const ev = readAudit(auditPath).events.find((e) => e.type === 'run-start');
  return ev?.type === 'run-start'
    ? { config: ev.config as Record<string, unknown>, environment: ev.environment }
    : null;
}

function datasetEntry(
  dataset: Record<string, unknown>,
  artifacts: string,
): { entries: ArchiveEntry[]; info: Record<string, unknown> } {
  if (typeof dataset.builtin === 'string') {
    const path = join(artifacts, `${dataset.builtin}.csv`);
    const data = existsSync(path) ? readFileSync(path) : null;
    return {
      entries: data === null ? [] : [{ path: `dataset/${dataset.builtin}.csv`, data }],
      info: {
        builtin: dataset.builtin,
        included: data !== null,
        sha256: data === null ? null : sha256(data),
        note: 'built-in library, enumerated by Alcove itself',
      },
    };
  }
  if (Array.isArray(dataset.paths)) {
    return {
      entries: [],
      info: {
        paths: dataset.paths,
        included: false,
        sha256: null,
        note: 'a pool of several library files is not packaged; summary.json lists each with its sha256',
      },
    };
  }
  const path = String(dataset.path);
  if (!existsSync(path))
    return {
      entries: [],
      info: { path, included: false, sha256: null, note: 'the dataset file no longer exists where the run read it' },
    };
  const bytes = statSync(path).size;
  const fromShared = /[/\\]shared[/\\]/.test(path);
  const data = readFileSync(path);
  const digest = sha256(data);
  if (bytes <= MAX_DATASET_BYTES && !fromShared) {
    return {
      entries: [{ path: `dataset/${basename(path)}`, data }],
      info: { path, included: true, bytes, sha256: digest },
    };
  }
  return {
    entries: [],
    info: {
      path,
      included: false,
      bytes,
      sha256: digest,
      note: fromShared
        ? 'a public data set from the shared datasets folder: not redistributed; fetch it from its source and check the sha256'
        : `larger than ${MAX_DATASET_BYTES} bytes: not packaged`,
    },
  };
}

function readme(kind: PackageKind, name: string, dataset: Record<string, unknown>): string {
  const run =
    kind === 'campaign'
      ? 'npm start -- --config config.yaml --state-dir reproduced'
      : 'npm start -- sweep --config sweep.yaml --state-dir reproduced';
  return `# Alcove reproducibility package: ${kind} '${name}'

Contents: resolved ${kind === 'campaign' ? 'config (config.yaml)' : 'sweep (sweep.json, base config inline)'}, package.json and
package-lock.json (exact dependency versions), environment.json (where it ran), dataset.json (sha256 and origin of
the data${dataset.included === true ? '; the file itself is under dataset/' : '; the file is not included'}), the audit log,
the metrics, and MANIFEST.json with the sha256 of every file.

To reproduce, in an Alcove checkout at the recorded git commit (environment.json → recorded.gitCommit):

    npm ci
    npm start -- verify THIS-FILE.tar.gz
    npm start -- reproduce THIS-FILE.tar.gz --state-dir reproduced

\`reproduce\` re-runs the ${kind} and compares its metrics with the packaged ones field by field, and reports every
difference between this environment and the recorded one. By hand, after extracting: \`${run}\`.
`;
}

/** The campaign's exports (explored molecules, the predictions of each generation), where it wrote them. */
function addExports(stateDir: string, addFile: (path: string, abs: string) => void): void {
  const paths = statePaths(stateDir);
  addFile(`exports/${STATE_FILES.explored}`, paths.explored);
  const names = existsSync(paths.predictions) ? readdirSync(paths.predictions).filter((f) => f.endsWith('.csv')) : [];
  for (const f of names.sort()) addFile(`exports/${STATE_FILES.predictions}/${f}`, join(paths.predictions, f));
}

export function collectPackageEntries(
  stateDir: string,
  clock: Clock,
): { kind: PackageKind; entries: ArchiveEntry[]; datasetIncluded: boolean } {
  const entries: ArchiveEntry[] = [];
  const add = (path: string, data: string | Uint8Array) =>
    entries.push({ path, data: typeof data === 'string' ? Buffer.from(data, 'utf8') : data });
  const addFile = (path: string, abs: string) => {
    if (existsSync(abs)) add(path, readFileSync(abs));
  };
  const isSweep = existsSync(join(stateDir, 'sweep.json'));
  const isCampaign = existsSync(statePaths(stateDir).summary) && existsSync(statePaths(stateDir).audit);
  if (!isSweep && !isCampaign)
    throw new AlcoveError(
      'BAD_INPUT',
      `${stateDir} holds neither a campaign (summary.json, audit.jsonl) nor a sweep (sweep.json)`,
    );
  const kind: PackageKind = isSweep ? 'sweep' : 'campaign';
  let start: RunStart | null;
  let name: string;
  let datasetDir: string;
  if (kind === 'sweep') {
    const sweep = JSON.parse(readFileSync(join(stateDir, 'sweep.json'), 'utf8')) as {
      name: string;
      spec: Record<string, unknown>;
    };
    name = sweep.name;
    add('sweep.json', readFileSync(join(stateDir, 'sweep.json')));
    add('sweep.yaml', stringifyYaml(sweep.spec));
    for (const f of ['results.json', 'results.csv', 'summary.csv', 'results.jsonl']) addFile(f, join(stateDir, f));
    const runs = join(stateDir, 'runs');
    const ids = existsSync(runs) ? readdirSync(runs).sort() : [];
    start = null;
    datasetDir = join(stateDir, 'cache');
    for (const id of ids) {
      addFile(`runs/${id}/summary.json`, statePaths(join(runs, id)).summary);
      addFile(`runs/${id}/audit.jsonl`, statePaths(join(runs, id)).audit);
      start ??= firstRunStart(statePaths(join(runs, id)).audit);
    }
    if (start === null) throw new AlcoveError('BAD_INPUT', `${stateDir}: the sweep has no run with an audit log yet`);
  } else {
    start = firstRunStart(statePaths(stateDir).audit);
    if (start === null) throw new AlcoveError('BAD_INPUT', `${stateDir}/audit.jsonl has no run-start record`);
    name = typeof start.config.name === 'string' ? start.config.name : basename(stateDir);
    add(
      'config.yaml',
      `# resolved config of campaign '${name}' (every default filled in)\n${stringifyYaml(start.config)}`,
    );
    add('metrics/summary.json', readFileSync(statePaths(stateDir).summary));
    addFile('audit.jsonl', statePaths(stateDir).audit);
    addFile('oracle-journal.jsonl', statePaths(stateDir).journal);
    addFile('report.md', statePaths(stateDir).report);
    addExports(stateDir, addFile);
    datasetDir = statePaths(stateDir).artifacts;
  }
  const ds = datasetEntry((start.config.dataset ?? {}) as Record<string, unknown>, datasetDir);
  entries.push(...ds.entries);
  add('dataset.json', `${JSON.stringify(ds.info, null, 2)}\n`);
  add(
    'environment.json',
    `${JSON.stringify({ recorded: start.environment, packagedOn: collectEnvironment(REPO_ROOT) }, null, 2)}\n`,
  );
  addFile('package.json', join(REPO_ROOT, 'package.json'));
  addFile('package-lock.json', join(REPO_ROOT, 'package-lock.json'));
  add('README.md', readme(kind, name, ds.info));
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const manifest = buildManifest(kind, entries, new Date(clock.now()).toISOString());
  entries.unshift({ path: PACKAGE_MANIFEST, data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') });
  return { kind, entries, datasetIncluded: ds.info.included === true };
}

export async function createPackage(stateDir: string, out: string, clock: Clock): Promise<CreatePackageResult> {
  const { kind, entries, datasetIncluded } = collectPackageEntries(stateDir, clock);
  const bytes = await writeArchive(entries, out);
  return { kind, files: entries.length, bytes, datasetIncluded };
}
