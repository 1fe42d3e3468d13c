#!/usr/bin/env node
/**
 * A stand-in for a docking program, for tests, demos and the bench: it speaks the command oracle's protocol
 * (CSV `id,smiles` on stdin, `id,score` on stdout) and docks each molecule by running a child process
 * (`sleep SECONDS`), one after another, the way a docking script runs Open Babel and Vina. The score is a
 * deterministic function of the SMILES (from -12 to -4, lower is better), so runs can be compared.
 *
 *   printf 'id,smiles\nm1,CCO\n' | examples/oracles/fake-docking.mjs --seconds 0.1
 *
 * Options:
 *   --seconds S      time per molecule (default 1; 0: no child process)
 *   --log FILE       append `<id>\n` to FILE for each molecule it starts docking (to count invocations)
 *   --pids FILE      append `<pid> <child pid>\n` to FILE for each child it starts (to check none survives)
 *   --hang-on SMILES when the batch holds this SMILES, dock it forever (a stuck ligand)
 *
 * Plain Node ESM, no dependencies.
 */
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';

function parseArgs(argv) {
  const opts = { seconds: 1, log: null, pids: null, hangOn: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[++i];
    if (value === undefined) fail(`${arg} needs a value`);
    if (arg === '--seconds') opts.seconds = Number(value);
    else if (arg === '--log') opts.log = value;
    else if (arg === '--pids') opts.pids = value;
    else if (arg === '--hang-on') opts.hangOn = value;
    else fail(`unknown argument ${arg}`);
  }
  if (!(opts.seconds >= 0)) fail('--seconds must be a number >= 0');
  return opts;
}

function fail(message) {
  process.stderr.write(`fake-docking: ${message}\n`);
  process.exit(2);
}

async function readRows() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  // Test data only: ids and SMILES without commas or quotes.
  const [header, ...lines] = Buffer.concat(chunks)
    .toString('utf8')
    .split(/\r?\n/)
    .filter((l) => l !== '');
  if (header !== 'id,smiles') fail(`expected the header id,smiles, got ${header}`);
  return lines.map((l) => {
    const at = l.indexOf(',');
    return { id: l.slice(0, at), smiles: l.slice(at + 1) };
  });
}

/** FNV-1a of the SMILES, mapped to [-12, -4). */
function score(smiles) {
  let h = 0x811c9dc5;
  for (let i = 0; i < smiles.length; i++) h = Math.imul(h ^ smiles.charCodeAt(i), 0x01000193) >>> 0;
  return -12 + (h / 2 ** 32) * 8;
}

function dock(seconds, pids) {
  if (seconds === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const child = spawn('sleep', [String(seconds)], { stdio: 'ignore' });
    if (pids !== null) appendFileSync(pids, `${process.pid} ${child.pid}\n`);
    child.on('error', reject);
    child.on('exit', () => resolve());
  });
}

const opts = parseArgs(process.argv.slice(2));
const rows = await readRows();
const stuck = opts.hangOn !== null && rows.some((r) => r.smiles === opts.hangOn);
const lines = ['id,score'];
for (const row of rows) {
  if (opts.log !== null) appendFileSync(opts.log, `${row.id}\n`);
  await dock(stuck && row.smiles === opts.hangOn ? 1e6 : opts.seconds, opts.pids);
  lines.push(`${row.id},${score(row.smiles)}`);
}
process.stdout.write(`${lines.join('\n')}\n`);
