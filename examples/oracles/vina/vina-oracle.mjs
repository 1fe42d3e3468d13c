#!/usr/bin/env node
/**
 * A docking oracle: reads a batch as CSV on stdin (header `id,smiles`) and writes `id,score` on stdout, where
 * score is AutoDock Vina's best affinity (kcal/mol; lower is better: campaigns use `objective: minimize`).
 * Each molecule is built in 3D by Open Babel (`obabel -:SMILES --gen3d -h -opdbqt`) and docked by `vina` with
 * one CPU and a fixed seed, so a score is repeatable and Alcove decides how many dockings run at once.
 * A molecule that Open Babel cannot build or Vina cannot dock gets an empty score (a failed call for that
 * molecule only); the reason goes to stderr. Rows are written as each docking finishes.
 *
 * Defaults: the receptor and box that Debian's `autodock-vina` package ships as its test data
 * (/usr/share/doc/autodock-vina/test-data: protein.pdbqt.gz, box of conf.txt). Options:
 *   --receptor FILE        receptor PDBQT (plain or .gz)
 *   --center X,Y,Z         box centre in Å (default 11,90.5,57.5)
 *   --size X,Y,Z           box edges in Å (default 22,24,28)
 *   --exhaustiveness N     Vina's search effort (default 1: a quick screen; 8 is Vina's own default)
 *   --seed N               Vina's seed (default 1)
 *   --keep DIR             keep each molecule's docked poses as DIR/<id>.pdbqt
 *
 *   printf 'id,smiles\nm1,CC(=O)Oc1ccccc1C(=O)O\n' | examples/oracles/vina/vina-oracle.mjs
 *
 * Needs `obabel` and `vina` on PATH (Debian: apt-get install autodock-vina openbabel). Plain Node ESM.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const TEST_DATA = '/usr/share/doc/autodock-vina/test-data';

function fail(message) {
  process.stderr.write(`vina-oracle: ${message}\n`);
  process.exit(2);
}

function triple(arg, text) {
  const v = text.split(',').map(Number);
  if (v.length !== 3 || !v.every(Number.isFinite)) fail(`${arg} needs X,Y,Z, got '${text}'`);
  return v;
}

function parseArgs(argv) {
  const opts = {
    receptor: join(TEST_DATA, 'protein.pdbqt.gz'),
    center: [11, 90.5, 57.5],
    size: [22, 24, 28],
    exhaustiveness: 1,
    seed: 1,
    keep: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i] ?? fail(`${arg} needs a value`);
    if (arg === '--receptor') opts.receptor = value();
    else if (arg === '--center') opts.center = triple(arg, value());
    else if (arg === '--size') opts.size = triple(arg, value());
    else if (arg === '--exhaustiveness') opts.exhaustiveness = Number(value());
    else if (arg === '--seed') opts.seed = Number(value());
    else if (arg === '--keep') opts.keep = value();
    else fail(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(opts.exhaustiveness) || opts.exhaustiveness < 1) fail('--exhaustiveness must be >= 1');
  if (!Number.isInteger(opts.seed)) fail('--seed must be an integer');
  if (!existsSync(opts.receptor)) fail(`no receptor at ${opts.receptor} (install autodock-vina, or pass --receptor)`);
  return opts;
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text) {
  const records = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.length > 1 || row[0] !== '') records.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) records.push([...row, field]);
  return records;
}

const csvField = (s) => (/[",\r\n]|^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/** Runs a program (no shell); resolves with its exit code and the tail of its output. */
function run(program, args) {
  return new Promise((resolve) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const keep = (d) => (out = (out + d.toString()).slice(-2000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => resolve({ code: -1, out: error.message }));
    child.on('close', (code, signal) =>
      resolve({ code: code ?? -1, out: signal ? `${out}\nkilled by ${signal}` : out }),
    );
  });
}

/** The receptor as a plain PDBQT file (Vina does not read gzip). */
function plainReceptor(path, work) {
  if (!path.endsWith('.gz')) return path;
  const plain = join(work, 'receptor.pdbqt');
  writeFileSync(plain, gunzipSync(readFileSync(path)));
  return plain;
}

/** The best affinity of a molecule, or null with the reason on stderr. */
async function dock(row, j, receptor, opts, work) {
  const ligand = join(work, `ligand-${j}.pdbqt`);
  const poses = join(work, `poses-${j}.pdbqt`);
  const built = await run('obabel', [`-:${row.smiles}`, '--gen3d', '-h', '-opdbqt', '-O', ligand]);
  if (built.code !== 0 || !existsSync(ligand) || readFileSync(ligand, 'utf8').trim() === '') {
    process.stderr.write(`vina-oracle: ${row.id}: Open Babel could not build '${row.smiles}': ${built.out.trim()}\n`);
    return null;
  }
  const box = ['x', 'y', 'z'].flatMap((a, i) => [
    `--center_${a}`,
    String(opts.center[i]),
    `--size_${a}`,
    String(opts.size[i]),
  ]);
  const docked = await run('vina', [
    ...['--receptor', receptor, '--ligand', ligand, '--out', poses, ...box],
    ...['--exhaustiveness', String(opts.exhaustiveness), '--seed', String(opts.seed), '--cpu', '1', '--num_modes', '1'],
  ]);
  const match = existsSync(poses) ? /REMARK VINA RESULT:\s+(-?\d+(\.\d+)?)/.exec(readFileSync(poses, 'utf8')) : null;
  if (docked.code !== 0 || match === null) {
    process.stderr.write(`vina-oracle: ${row.id}: Vina failed (exit ${docked.code}): ${docked.out.trim()}\n`);
    return null;
  }
  if (opts.keep !== null) copyFileSync(poses, join(opts.keep, `${row.id.replace(/[^\w.-]/g, '_')}.pdbqt`));
  return Number(match[1]);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const [header = [], ...records] = parseCsv(await readStdin());
  const idAt = header.indexOf('id');
  const smilesAt = header.indexOf('smiles');
  if (idAt < 0 || smilesAt < 0) fail(`expected a header with id and smiles, got ${JSON.stringify(header)}`);
  const rows = records.map((r) => ({ id: r[idAt] ?? '', smiles: (r[smilesAt] ?? '').trim() }));
  if (opts.keep !== null) mkdirSync(opts.keep, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'vina-oracle-'));
  try {
    const receptor = plainReceptor(opts.receptor, work);
    process.stdout.write('id,score\n');
    for (const [j, row] of rows.entries()) {
      const score = row.smiles === '' ? null : await dock(row, j, receptor, opts, work);
      process.stdout.write(`${csvField(row.id)},${score === null ? '' : score}\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
