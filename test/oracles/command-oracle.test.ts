import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/shared/csv.js';
import { classifyExit, createOomScanner, createTailBuffer } from '../../src/oracles/command/command-oracle-classify.js';
import type { ExitFacts } from '../../src/oracles/command/command-oracle-classify.js';
import { inputCsvChunks, parseScore, parseScoresCsv } from '../../src/oracles/command/command-oracle-protocol.js';
import { csvField } from '../../src/shared/csv.js';
import { createCommandOracle, runCommandBatch } from '../../src/oracles/command/command-oracle.js';
import type { CommandAttempt, CommandSpec } from '../../src/oracles/command/command-oracle.js';
import type { Oracle } from '../../src/oracles/oracle.js';
import { AlcoveError } from '../../src/shared/errors.js';

const EXAMPLE = resolve('examples/oracles/logp-oracle.mjs');
const FAKE_DOCKING = resolve('examples/oracles/fake-docking.mjs');
const spec = (args: string[], more: Partial<CommandSpec> = {}): CommandSpec => ({
  argv: [EXAMPLE, ...args],
  timeoutMs: 30_000,
  memoryMb: null,
  ...more,
});
const rowsOf = (smiles: string[]) => smiles.map((s, i) => ({ id: `m${i}`, smiles: s }));

let dir: string;
/** Every pid a test learned about; afterEach makes sure none is left running. */
const pids: number[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'alcove-command-oracle-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  for (const pid of pids.splice(0)) {
    if (!(await goneWithin(pid, 10_000))) {
      process.kill(pid, 'SIGKILL');
      throw new Error(`process ${pid} was still running`);
    }
  }
});

/** Alive = exists and is not a zombie (an orphaned zombie is dead; the sandbox's init reaps it a while later). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

async function goneWithin(pid: number, ms: number): Promise<boolean> {
  for (let waited = 0; waited <= ms; waited += 50) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

async function waitForFile(path: string): Promise<string> {
  for (;;) {
    if (existsSync(path)) return readFileSync(path, 'utf8');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function hangPids(stderrTail: string): number[] {
  const m = /pid (\d+) grandchild (\d+)/.exec(stderrTail);
  if (m === null) throw new Error(`no pids on stderr: ${stderrTail}`);
  return [Number(m[1]), Number(m[2])];
}

describe('command oracle protocol', () => {
  it('quotes CSV fields only when needed, and the input parses back to the same rows', () => {
    expect(csvField('CCO')).toBe('CCO');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
    const rows = [
      { id: 'a,b', smiles: 'CCO' },
      { id: 'q"', smiles: 'C\r\nC' },
      { id: '', smiles: 'c1ccccc1' },
    ];
    const text = [...inputCsvChunks(rows, 4)].join('');
    const table = parseCsv(text);
    expect(table.header).toEqual(['id', 'smiles']);
    expect(table.rows).toEqual(rows.map((r) => [r.id, r.smiles]));
  });

  it('reads scores by id: extra columns, missing ids, bad numbers, conflicts', () => {
    const out = Buffer.from(
      '\ufeffname,score,id\r\nx,1.5,a\r\ny,nan,b\r\nz,,c\r\nw,2e-3,d\r\nv,7,zz\r\nu,3,e\r\nt,4,e\r\ns,0x10,f\r\n',
    );
    const parsed = parseScoresCsv(out, ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(parsed).toEqual({
      ok: true,
      values: [1.5, null, null, 0.002, null, null, null],
      unknownIds: 1,
      conflicting: 1,
      unparsable: 3,
    });
    expect(parseScoresCsv(Buffer.from('id,score\na,1\na,1.0\n'), ['a'])).toMatchObject({ values: [1], conflicting: 0 });
    expect(
      parseScoresCsv(Buffer.from('mol,dock\na,-7.5\n'), ['a'], { idColumn: 'mol', scoreColumn: 'dock' }),
    ).toMatchObject({
      values: [-7.5],
    });
  });

  it('rejects output that is not CSV with the expected header, quoting its first bytes', () => {
    expect(parseScoresCsv(Buffer.alloc(0), ['a'])).toMatchObject({ ok: false, message: /printed nothing/ });
    const junk = parseScoresCsv(Buffer.from([0x00, 0xff, 0x41, 0x0a]), ['a']);
    expect(junk).toEqual({ ok: false, message: expect.stringContaining('"\\x00\\xffA\\n"') as unknown });
    expect(parseScoresCsv(Buffer.from('id,value\na,1\n'), ['a'])).toMatchObject({ ok: false });
    expect(parseScoresCsv(Buffer.from('id,score\n"a,1\n'), ['a'])).toMatchObject({ ok: false, message: /not CSV/ });
  });

  it('parses scores strictly', () => {
    expect(parseScore(' -1.25 ')).toBe(-1.25);
    expect(parseScore('1e3')).toBe(1000);
    expect(parseScore('.5')).toBe(0.5);
    for (const bad of ['', 'nan', 'NaN', 'inf', 'Infinity', '0x10', '1.2.3', '1e999', '5 kcal'])
      expect(parseScore(bad)).toBeNull();
  });

  it('classifies exits by the table', () => {
    const f = (over: Partial<ExitFacts>): ExitFacts => ({
      spawnError: null,
      interrupted: false,
      timedOut: false,
      timeoutMs: 1000,
      overflowedAt: null,
      exitCode: null,
      signal: null,
      memoryMb: null,
      oomText: null,
      lastStderrLine: '',
      ...over,
    });
    const cls = (over: Partial<ExitFacts>) => classifyExit(f(over)).class;
    expect(cls({ exitCode: 0 })).toBeNull();
    expect(cls({ exitCode: 0, oomText: 'MemoryError' })).toBeNull();
    expect(cls({ exitCode: 1 })).toBe('error');
    expect(cls({ exitCode: 1, oomText: 'MemoryError' })).toBe('oom');
    expect(cls({ signal: 'SIGSEGV' })).toBe('crash');
    expect(cls({ signal: 'SIGSEGV', memoryMb: 100 })).toBe('oom');
    expect(cls({ signal: 'SIGTERM', memoryMb: 100 })).toBe('crash');
    expect(cls({ exitCode: 137 })).toBe('crash');
    expect(cls({ exitCode: 137, memoryMb: 100 })).toBe('oom');
    expect(cls({ exitCode: 130, memoryMb: 100 })).toBe('error');
    expect(cls({ signal: 'SIGKILL', timedOut: true })).toBe('timeout');
    expect(cls({ signal: 'SIGKILL', timedOut: true, interrupted: true })).toBe('interrupted');
    expect(cls({ spawnError: 'ENOENT', interrupted: true })).toBe('error');
    expect(cls({ exitCode: 0, overflowedAt: 10 })).toBe('error');
  });

  it('finds out-of-memory text split across chunks, and keeps the last bytes of stderr', () => {
    const scan = createOomScanner();
    scan.push(Buffer.from('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of mem'));
    expect(scan.found).toBeNull();
    scan.push(Buffer.from('ory\n'));
    expect(scan.found).toBe('out of memory');
    const tail = createTailBuffer(8);
    for (const part of ['abc', 'defgh', 'ijklmnop', 'qr']) tail.push(Buffer.from(part));
    expect(tail.text()).toBe('klmnopqr');
  });
});

describe('runCommandBatch with the example program', () => {
  it('scores molecules with RDKit Crippen logP; an invalid SMILES gets null; odd ids survive quoting', async () => {
    const rows = [
      { id: 'ethanol', smiles: 'CCO' },
      { id: 'a,"b"\nc', smiles: 'c1ccccc1' },
      { id: 'bad', smiles: 'C1CC' },
    ];
    const r = await runCommandBatch(spec([]), rows);
    expect(r.class).toBe('ok');
    expect(r.exitCode).toBe(0);
    expect(r.values[0]).toBeCloseTo(-0.0014, 4);
    expect(r.values[1]).toBeCloseTo(1.6866, 4);
    expect(r.values[2]).toBeNull();
    expect(r.failedRows).toBe(1);
    expect(r.message).toMatch(/^2\/3 scored/);
  });

  it('partial output: ok, the rows left out are null', async () => {
    const r = await runCommandBatch(spec(['--mode', 'partial']), rowsOf(['C', 'CC', 'CCC', 'CCCC']));
    expect(r.class).toBe('ok');
    expect(r.values.map((v) => v === null)).toEqual([false, true, false, true]);
    expect(r.failedRows).toBe(2);
  });

  it('a non-zero exit is an error, a death by signal a crash', async () => {
    const crash = await runCommandBatch(spec(['--mode', 'crash']), rowsOf(['C']));
    expect(crash).toMatchObject({ class: 'error', exitCode: 3, signal: null, values: [null], failedRows: 1 });
    expect(crash.message).toMatch(/code 3.*simulated crash/);
    expect(crash.stderrTail).toContain('simulated crash');
    const killed = await runCommandBatch(spec(['--mode', 'kill']), rowsOf(['C']));
    expect(killed).toMatchObject({ class: 'crash', exitCode: null, signal: 'SIGKILL', values: [null] });
  });

  it('garbage on stdout is an error quoting its first bytes', async () => {
    const r = await runCommandBatch(spec(['--mode', 'garbage']), rowsOf(['C', 'CC']));
    expect(r).toMatchObject({ class: 'error', exitCode: 0, values: [null, null], failedRows: 2 });
    expect(r.message).toMatch(/stdout does not start with a CSV header.*starts with "\\r\\xb4\[/);
  });

  it('hang: timeout kills the whole process group, grandchild included', async () => {
    const r = await runCommandBatch(spec(['--mode', 'hang'], { timeoutMs: 1500 }), rowsOf(['C']));
    expect(r).toMatchObject({ class: 'timeout', signal: 'SIGKILL', values: [null] });
    const [own, grandchild] = hangPids(r.stderrTail);
    pids.push(own as number, grandchild as number);
    expect(isAlive(own as number)).toBe(false);
    expect(await goneWithin(grandchild as number, 10_000)).toBe(true);
  });

  it('abort: interrupted, and the process group is killed', async () => {
    const pidFile = join(dir, 'abort.pids');
    const controller = new AbortController();
    const running = runCommandBatch(spec(['--mode', 'hang', '--pid-file', pidFile]), rowsOf(['C']), controller.signal);
    const [own, grandchild] = (await waitForFile(pidFile)).trim().split(' ').map(Number);
    pids.push(own as number, grandchild as number);
    controller.abort();
    const r = await running;
    expect(r).toMatchObject({ class: 'interrupted', signal: 'SIGKILL', values: [null] });
    expect(await goneWithin(grandchild as number, 10_000)).toBe(true);
    const before = await runCommandBatch(spec(['--mode', 'echo']), rowsOf(['C']), AbortSignal.abort());
    expect(before).toMatchObject({ class: 'interrupted', exitCode: null, values: [null] });
  });

  it('oom under a 200 MB cap', async () => {
    const r = await runCommandBatch(spec(['--mode', 'oom'], { memoryMb: 200 }), rowsOf(['C', 'CC']));
    expect(r).toMatchObject({ class: 'oom', values: [null, null], failedRows: 2 });
    expect(r.message).toMatch(/memory cap 200 MB/);
    // The cap does not stop the real program: RDKit runs well under it.
    const ok = await runCommandBatch(spec([], { memoryMb: 200 }), rowsOf(['c1ccccc1']));
    expect(ok.class).toBe('ok');
    expect(ok.values[0]).toBeCloseTo(1.6866, 4);
  });

  it('shell metacharacters in SMILES reach the program byte for byte and run nothing', async () => {
    const sentinels = mkdtempSync(join(dir, 'sentinels-'));
    const smiles = [
      'C;touch${IFS}' + sentinels + '/x$(id)',
      '`touch ' + sentinels + '/backtick`',
      'C|touch ' + sentinels + '/pipe',
      'C && touch ' + sentinels + '/and',
      '$(touch ' + sentinels + '/subst)',
      'C > ' + sentinels + '/redirect',
      'C"C,C\'',
      'C→é',
    ];
    const rows = rowsOf(smiles);
    const r = await runCommandBatch(spec(['--mode', 'echo']), rows);
    expect(r.class).toBe('ok');
    expect(r.values).toEqual(smiles.map((s) => Buffer.byteLength(s)));
    const echoed = r.stderrTail
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; smiles: string });
    expect(echoed).toEqual(rows);
    expect(readdirSync(sentinels)).toEqual([]);
  });

  it('streams a large batch without deadlock, keeps 4 KB of stderr, and survives a program that reads nothing', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => ({
      id: `mol-${i}-${'x'.repeat(40)}`,
      smiles: 'C'.repeat(1 + (i % 50)),
    }));
    const r = await runCommandBatch(spec(['--mode', 'echo']), rows);
    expect(r.class).toBe('ok');
    expect(r.values).toEqual(rows.map((row) => row.smiles.length));
    expect(Buffer.byteLength(r.stderrTail)).toBeLessThanOrEqual(4096);
    expect(r.stderrTail.trimEnd().endsWith(JSON.stringify(rows[rows.length - 1]))).toBe(true);
    // Exits without reading its input (EPIPE on our side): the answer (a header, no rows) decides.
    const early = await runCommandBatch(spec(['--mode', 'early-exit']), rows);
    expect(early.class).toBe('ok');
    expect(early.failedRows).toBe(rows.length);
  });

  it('does not wait forever for a grandchild that left the process group and holds stdout open', async () => {
    // setsid moves `sleep` into its own session (out of reach of the group kill); it inherits stdout. The
    // program answers only once the escapee wrote its pid (so the group kill at exit cannot race it).
    const pidFile = join(dir, 'escaped.pids');
    const script = `setsid sh -c 'echo $$ > "$0.tmp"; mv "$0.tmp" "$0"; exec sleep 30' "$1" &
      while [ ! -s "$1" ]; do sleep 0.02; done
      echo id,score; echo "m0,$(cat "$1")"`;
    const r = await runCommandBatch(
      { argv: ['sh', '-c', script, 'sh', pidFile], timeoutMs: 30_000, memoryMb: null },
      rowsOf(['C']),
    );
    expect(r.class).toBe('ok');
    const escaped = r.values[0] as number;
    expect(isAlive(escaped)).toBe(true);
    process.kill(escaped, 'SIGKILL');
    pids.push(escaped);
  });

  it('classifies a program that cannot start, duplicate ids, and runs uncapped (saying so) without prlimit', async () => {
    const missing = await runCommandBatch(
      { argv: [join(dir, 'no-such-program')], timeoutMs: 5000, memoryMb: null },
      rowsOf(['C']),
    );
    expect(missing).toMatchObject({ class: 'error', values: [null] });
    expect(missing.message).toMatch(/cannot start the program.*ENOENT/);
    const dup = await runCommandBatch(spec(['--mode', 'echo']), [
      { id: 'a', smiles: 'C' },
      { id: 'a', smiles: 'CC' },
    ]);
    expect(dup).toMatchObject({ class: 'bad_input', exitCode: null, values: [null, null] });
    const empty = await runCommandBatch(spec(['--mode', 'crash']), []);
    expect(empty).toMatchObject({ class: 'ok', values: [], failedRows: 0 });
    const noPrlimit = await runCommandBatch(
      {
        argv: [process.execPath, EXAMPLE, '--mode', 'echo'],
        timeoutMs: 30_000,
        memoryMb: 64,
        env: { PATH: join(dir, 'empty-path') },
      },
      rowsOf(['CCO']),
    );
    expect(noPrlimit).toMatchObject({ class: 'ok', values: [3] });
    expect(noPrlimit.message).toMatch(/prlimit not found on PATH: ran without the 64 MB memory cap/);
    await expect(runCommandBatch({ argv: [], timeoutMs: 1, memoryMb: null }, [])).rejects.toThrow(AlcoveError);
  });
});

describe('createCommandOracle', () => {
  const dataset = { smiles: ['CCO', 'c1ccccc1', 'CC', 'CCC', 'CCCC'], ids: ['p0', 'p1', 'p2', 'p3', 'p4'] };

  it('labels pool indices (duplicates included) and knows no truth', async () => {
    const attempts: CommandAttempt[] = [];
    const oracle = createCommandOracle(spec(['--mode', 'echo']), dataset, { onAttempt: (a) => attempts.push(a) });
    const asOracle: Oracle = oracle; // it fits the campaign's Oracle interface
    expect(asOracle.kind).toBe('command');
    expect(await oracle.label([3, 0, 3, 4])).toEqual([3, 3, 3, 4]);
    expect(attempts.map((a) => [a.attempt, a.class, a.indices])).toEqual([[1, 'ok', [3, 0, 4]]]);
    expect(await createCommandOracle(spec([]), dataset).truth()).toBeNull();
  });

  it('splits a timed-out chunk down to single molecules: only the one at fault fails', async () => {
    const attempts: CommandAttempt[] = [];
    // Per molecule: a chunk of 2 has 2 x 1.5 s. The hang is a gate (the batch holding 'CC' never answers).
    const oracle = createCommandOracle(
      { argv: [FAKE_DOCKING, '--seconds', '0', '--hang-on', 'CC'], timeoutMs: 1500, memoryMb: null },
      dataset,
      { onAttempt: (a) => attempts.push(a), chunk: 2, parallel: 2 },
    );
    const got = await oracle.label([0, 1, 2, 3, 4]);
    expect(got.map((v) => v === null)).toEqual([false, false, true, false, false]);
    expect(got[0]).toBeLessThan(-4);
    const byIndices = attempts.map((a) => [a.attempt, a.class, a.indices]);
    expect(byIndices).toHaveLength(5);
    expect(byIndices).toEqual(
      expect.arrayContaining([
        [1, 'ok', [0, 1]],
        [1, 'timeout', [2, 3]],
        [1, 'ok', [4]],
        [2, 'timeout', [2]],
        [2, 'ok', [3]],
      ]),
    );
    // A chunk's limit is its size times the per-molecule timeout.
    expect(attempts.find((a) => a.class === 'timeout' && a.indices.length === 2)?.message).toMatch(/within 3000 ms/);
  });

  it('reports each chunk as it ends, and answers in the order asked whatever finished first', async () => {
    const seen: number[][] = [];
    const oracle = createCommandOracle(spec(['--mode', 'echo']), dataset, { chunk: 2, parallel: 3 });
    const got = await oracle.label([4, 3, 2, 1, 0], { onResults: (rs) => void seen.push(rs.map((r) => r.index)) });
    expect(got).toEqual([4, 3, 2, 8, 3]);
    expect(seen.flat().sort()).toEqual([0, 1, 2, 3, 4]);
    expect(seen.map((c) => c.length).sort()).toEqual([1, 2, 2]);
  });

  it('retries a crashed chunk as single molecules, never an error, and a single one not with retries: 0', async () => {
    const attempts: CommandAttempt[] = [];
    const onAttempt = (a: CommandAttempt) => attempts.push(a);
    const flaky = createCommandOracle(spec(['--mode', 'flaky', '--state-file', join(dir, 'flaky-1')]), dataset, {
      onAttempt,
    });
    expect(await flaky.label([0, 1])).toEqual([3, 8]);
    expect(attempts.map((a) => [a.attempt, a.class, a.indices])).toEqual([
      [1, 'crash', [0, 1]],
      [2, 'ok', [0]],
      [2, 'ok', [1]],
    ]);
    attempts.length = 0;
    const failing = createCommandOracle(spec(['--mode', 'crash']), dataset, { onAttempt, retries: 3 });
    expect(await failing.label([0, 1])).toEqual([null, null]);
    expect(attempts.map((a) => [a.attempt, a.class])).toEqual([[1, 'error']]);
    attempts.length = 0;
    const once = createCommandOracle(spec(['--mode', 'flaky', '--state-file', join(dir, 'flaky-2')]), dataset, {
      onAttempt,
      retries: 0,
    });
    expect(await once.label([0])).toEqual([null]);
    expect(attempts.map((a) => [a.attempt, a.class])).toEqual([[1, 'crash']]);
  });

  it('an abort rejects the call with ABORTED', async () => {
    const pidFile = join(dir, 'oracle-abort.pids');
    const controller = new AbortController();
    const oracle = createCommandOracle(spec(['--mode', 'hang', '--pid-file', pidFile]), dataset);
    const call = oracle.label([0], { signal: controller.signal });
    const [own, grandchild] = (await waitForFile(pidFile)).trim().split(' ').map(Number);
    pids.push(own as number, grandchild as number);
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
