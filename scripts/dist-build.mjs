// dist/ is built from src/ once (at `npm ci`, by the `prepare` script) and again only when a source
// changed: `npm start`, `npm run bench` and the `alcove` bin then start without compiling. Whether dist/ is
// current is decided by a sha256 over every file under src/, the tsconfigs and the TypeScript version,
// kept in dist/.source-sha256 by the build that produced it.
//   node scripts/dist-build.mjs          build when stale (the prepare script)
//   node scripts/dist-build.mjs --force  build in any case (npm run build)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const STAMP = '.source-sha256';

/** Files under `dir`, sorted, as paths relative to `root`. */
function listFiles(root, dir) {
  return readdirSync(join(root, dir), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? listFiles(root, join(dir, e.name)) : [join(dir, e.name)]));
}

/** sha256 over what the build reads: names and contents of src/, the tsconfigs, TypeScript's version. */
export function sourceDigest(root = REPO_ROOT) {
  const hash = createHash('sha256');
  const inputs = [...listFiles(root, 'src'), 'tsconfig.json', 'tsconfig.build.json'];
  for (const file of inputs) {
    hash.update(`${relative(root, join(root, file))}\0`);
    hash.update(existsSync(join(root, file)) ? readFileSync(join(root, file)) : '');
    hash.update('\0');
  }
  const ts = join(root, 'node_modules', 'typescript', 'package.json');
  hash.update(existsSync(ts) ? JSON.parse(readFileSync(ts, 'utf8')).version : 'none');
  return hash.digest('hex');
}

/** dist/ was built from the sources as they are now. */
export function isDistCurrent(root = REPO_ROOT) {
  const stamp = join(root, 'dist', STAMP);
  return existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === sourceDigest(root);
}

/**
 * Compiles into a temporary folder beside dist/ and swaps it in, so that a run started from dist/ meanwhile
 * never sees half a build. Throws with tsc's output when the build fails.
 */
export function buildDist(root = REPO_ROOT) {
  const digest = sourceDigest(root);
  const tmp = join(root, `dist.tmp-${process.pid}`);
  const old = join(root, `dist.old-${process.pid}`);
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', tmp], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`the TypeScript build failed:\n${r.stdout}${r.stderr}`);
  }
  writeFileSync(join(tmp, STAMP), `${digest}\n`);
  // The bin (package.json) runs as a program: npm marks it executable when it links it, a checkout does not.
  chmodSync(join(tmp, 'cli', 'main.js'), 0o755);
  const dist = join(root, 'dist');
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(tmp, dist);
  rmSync(old, { recursive: true, force: true });
}

/** Builds dist/ if it is stale; returns whether it built. */
export function ensureDist(root = REPO_ROOT, log = (line) => process.stderr.write(`${line}\n`)) {
  if (isDistCurrent(root)) return false;
  log('alcove: building dist/ (the sources changed since the last build) ...');
  buildDist(root);
  return true;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    if (process.argv.includes('--force')) buildDist();
    else ensureDist();
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
