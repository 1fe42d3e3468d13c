/** `alcove task FILE` and its parts: a task file in, its result and then its marker out. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  campaignId,
  collectOutcome,
  MARKER_FILE,
  readMarker,
  remoteTaskId,
  runTaskFile,
  taskDir,
  writeTaskFile,
  type RemoteTaskFile,
} from '../../src/remote/index.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const FAKE_DOCKING = join(REPO_ROOT, 'examples/oracles/fake-docking.mjs');
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'alcove-task-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function chunkFile(id: string, log: string): RemoteTaskFile {
  return {
    schemaVersion: 1,
    id,
    campaign: 'c',
    stage: 'oracle',
    task: {
      kind: 'oracle-chunk',
      spec: {
        argv: [process.execPath, FAKE_DOCKING, '--seconds', '0', '--log', log],
        timeoutMs: 20_000,
        memoryMb: null,
      },
      rows: [
        { id: 'm1', smiles: 'CCO' },
        { id: 'm2', smiles: 'c1ccccc1' },
      ],
    },
  };
}

describe('task ids', () => {
  it('are the same for the same work and differ for other items or attempts', () => {
    const parts = { stage: 'oracle', generation: 2, chunk: '10+5', attempt: 1, content: '10,11,12,13,14' } as const;
    expect(remoteTaskId(parts)).toBe(remoteTaskId({ ...parts }));
    expect(remoteTaskId(parts)).toMatch(/^oracle-g2-c10\+5-a1-[0-9a-f]{10}$/);
    expect(remoteTaskId({ ...parts, attempt: 2 })).not.toBe(remoteTaskId(parts));
    expect(remoteTaskId({ ...parts, content: '10,11,12,13,15' })).not.toBe(remoteTaskId(parts));
    expect(campaignId('/x/runs/my run')).toMatch(/^my_run-[0-9a-f]{8}$/);
    expect(campaignId('/x/runs/my run')).not.toBe(campaignId('/y/runs/my run'));
  });
});

describe('runTaskFile', () => {
  it('runs an oracle chunk, then writes its result and its marker', async () => {
    const state = tempDir();
    const log = join(state, 'docked.log');
    const dir = taskDir(state, 'c', 'oracle-g0-c0+2-a1');
    const file = writeTaskFile(dir, chunkFile('oracle-g0-c0+2-a1', log));
    expect(readMarker(dir)).toBeNull();
    const run = await runTaskFile(file);
    expect(run.class).toBe('ok');
    const marker = readMarker(dir);
    expect(marker).toMatchObject({ id: 'oracle-g0-c0+2-a1', class: 'ok' });
    const outcome = collectOutcome(dir, marker!);
    expect(outcome.class).toBe('ok');
    if (outcome.class !== 'ok' || outcome.result.kind !== 'oracle-chunk') throw new Error('not a chunk result');
    expect(outcome.result.result.values).toHaveLength(2);
    expect(outcome.result.result.values.every((v) => typeof v === 'number')).toBe(true);
    expect(readFileSync(log, 'utf8')).toBe('m1\nm2\n');
  });

  it('writes no marker when a signal stopped the task', async () => {
    const state = tempDir();
    const dir = taskDir(state, 'c', 't');
    writeTaskFile(dir, chunkFile('t', join(state, 'log')));
    const controller = new AbortController();
    controller.abort();
    const run = await runTaskFile(dir, controller.signal);
    expect(run.class).toBeNull();
    expect(existsSync(join(dir, MARKER_FILE))).toBe(false);
  });

  it('runs an engine task with the worker handler, in this process', async () => {
    const state = tempDir();
    const dir = taskDir(state, 'c', 'e');
    writeTaskFile(dir, {
      schemaVersion: 1,
      id: 'e',
      campaign: 'c',
      stage: 'oracle',
      task: { kind: 'engine', task: { type: 'desirability', smiles: ['CCO', 'not a smiles'] } },
    });
    expect((await runTaskFile(dir)).class).toBe('ok');
    const outcome = collectOutcome(dir, readMarker(dir)!);
    if (outcome.class !== 'ok' || outcome.result.kind !== 'engine' || !outcome.result.reply.ok) {
      throw new Error('engine task failed');
    }
    const value = outcome.result.reply.value;
    if (value.type !== 'desirability') throw new Error('wrong result');
    expect(value.values).toHaveLength(2);
    expect(value.errors.map((e) => e.index)).toEqual([1]);
  });
});

describe('alcove task', () => {
  it('exits 2 naming the file when it is not a task file', async () => {
    const state = tempDir();
    const bad = join(state, 'task.bin');
    writeFileSync(bad, 'not v8');
    const r = await runCli(['task', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(bad);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
