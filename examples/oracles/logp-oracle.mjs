#!/usr/bin/env node
/**
 * An example command oracle: reads a batch as CSV on stdin (header `id,smiles`) and writes `id,score` on stdout,
 * where score is RDKit's Crippen logP (`CrippenClogP`). An invalid SMILES gets an empty score (a failed call
 * for that molecule only); the program exits 0 whenever it answered.
 *
 *   printf 'id,smiles\nm1,CCO\nm2,c1ccccc1\n' | examples/oracles/logp-oracle.mjs
 *
 * Failure modes for tests and demos (`--mode M` or LOGP_ORACLE_MODE=M), all after reading the whole input:
 *   ok (default)  logP per molecule
 *   partial       answer only every other row (rows 1, 3, 5, ... are left out)
 *   echo          score = the SMILES's length in bytes, and each row as JSON `{"id":..,"smiles":..}` on stderr
 *                 (to check that odd characters arrive byte for byte); does not load RDKit
 *   crash         print a message on stderr and exit 3
 *   kill          kill itself with SIGKILL (a process that died)
 *   flaky         like `kill` the first time (creates --state-file), like `echo` afterwards
 *   hang          start a grandchild `sleep 1000` (on stderr: `pid <own> grandchild <pid>`) and never answer
 *   garbage       print binary junk instead of CSV and exit 0
 *   oom           allocate until the memory cap kills it
 *   early-exit    print only the header and exit 0 without reading stdin
 * `--hang-above N` hangs (as `hang`) when the batch has more than N rows, whatever the mode.
 * `--pid-file FILE`: when hanging, also write `<own pid> <grandchild pid>` to FILE.
 *
 * Plain Node ESM, no build step; `@rdkit/rdkit` comes from the project's node_modules.
 */
import { spawn } from 'node:child_process';
import { existsSync, renameSync, writeFileSync } from 'node:fs';

const MODES = ['ok', 'partial', 'echo', 'crash', 'kill', 'flaky', 'hang', 'garbage', 'oom', 'early-exit'];

function parseArgs(argv) {
  const opts = { mode: process.env.LOGP_ORACLE_MODE || 'ok', hangAbove: Infinity, stateFile: null, pidFile: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${arg} needs a value`);
      return v;
    };
    if (arg === '--mode') opts.mode = value();
    else if (arg === '--hang-above') opts.hangAbove = Number(value());
    else if (arg === '--state-file') opts.stateFile = value();
    else if (arg === '--pid-file') opts.pidFile = value();
    else fail(`unknown argument ${arg}`);
  }
  if (!MODES.includes(opts.mode)) fail(`unknown mode ${opts.mode}; one of ${MODES.join(', ')}`);
  if (opts.mode === 'flaky' && opts.stateFile === null) fail('--mode flaky needs --state-file FILE');
  return opts;
}

function fail(message) {
  process.stderr.write(`logp-oracle: ${message}\n`);
  process.exit(2);
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
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
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
  if (field !== '' || row.length > 0) {
    row.push(field);
    records.push(row);
  }
  return records;
}

const csvField = (s) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

function readRows(text) {
  const [header = [], ...records] = parseCsv(text);
  const idAt = header.indexOf('id');
  const smilesAt = header.indexOf('smiles');
  if (idAt < 0 || smilesAt < 0) fail(`expected a header with id and smiles, got ${JSON.stringify(header)}`);
  return records.map((r) => ({ id: r[idAt] ?? '', smiles: r[smilesAt] ?? '' }));
}

function writeScores(rows, scoreOf) {
  const lines = ['id,score'];
  for (const row of rows) {
    const score = scoreOf(row);
    if (score !== undefined) lines.push(`${csvField(row.id)},${score === null ? '' : score}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

function hang(pidFile) {
  const child = spawn('sleep', ['1000'], { stdio: 'ignore' });
  process.stderr.write(`pid ${process.pid} grandchild ${child.pid}\n`);
  if (pidFile !== null) {
    writeFileSync(`${pidFile}.tmp`, `${process.pid} ${child.pid}\n`);
    renameSync(`${pidFile}.tmp`, pidFile);
  }
  setInterval(() => undefined, 1 << 30);
}

async function logpScorer() {
  const { default: initRDKitModule } = await import('@rdkit/rdkit');
  const rdkit = await initRDKitModule();
  return ({ smiles }) => {
    const mol = smiles === '' ? null : rdkit.get_mol(smiles);
    if (mol === null) return null;
    try {
      if (!mol.is_valid() || mol.get_num_atoms() === 0) return null;
      return JSON.parse(mol.get_descriptors()).CrippenClogP;
    } finally {
      mol.delete();
    }
  };
}

const echoScore = ({ id, smiles }) => {
  process.stderr.write(`${JSON.stringify({ id, smiles })}\n`);
  return Buffer.byteLength(smiles, 'utf8');
};

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.mode === 'early-exit') {
    process.stdout.write('id,score\n');
    process.exit(0);
  }
  const rows = readRows(await readStdin());
  if (rows.length > opts.hangAbove) return hang(opts.pidFile);
  switch (opts.mode) {
    case 'ok':
      return writeScores(rows, await logpScorer());
    case 'partial': {
      const score = await logpScorer();
      const keep = new Set(rows.filter((_, i) => i % 2 === 0));
      return writeScores(rows, (row) => (keep.has(row) ? score(row) : undefined));
    }
    case 'echo':
      return writeScores(rows, echoScore);
    case 'crash':
      process.stderr.write('logp-oracle: simulated crash\n');
      process.exit(3);
      break;
    case 'kill':
      process.kill(process.pid, 'SIGKILL');
      break;
    case 'flaky':
      if (!existsSync(opts.stateFile)) {
        writeFileSync(opts.stateFile, 'crashed once\n');
        process.kill(process.pid, 'SIGKILL');
      }
      return writeScores(rows, echoScore);
    case 'hang':
      return hang(opts.pidFile);
    case 'garbage': {
      const junk = Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 167 + 13) & 0xff));
      process.stdout.write(junk);
      return;
    }
    case 'oom': {
      // JS heap growth: under a cap V8 cannot map more heap and aborts ("JavaScript heap out of memory").
      const keep = [];
      for (;;) keep.push(new Array(1 << 20).fill(rows.length + 0.5));
    }
  }
}

await main();
