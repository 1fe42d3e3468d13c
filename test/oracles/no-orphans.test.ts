/**
 * No orphans: when the process running a command oracle is SIGKILLed, the group watchdog kills every
 * process of every oracle process group (the programs and the children they started) within about 5 s.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { membersOf, within } from '../helpers/processes.js';
import { spawn } from 'node:child_process';

const dir = mkdtempSync(join(tmpdir(), 'alcove-orphans-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = (path: string) => {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
  } catch {
    return [];
  }
};

describe('the group watchdog', () => {
  it('kills the oracle process groups, grandchildren included, when their parent is SIGKILLed', async () => {
    const pids = join(dir, 'pids');
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/oracles/label-forever.ts', pids], {
      stdio: 'ignore',
    });
    const exited = new Promise((r) => child.on('exit', r));
    // The gate: both programs have started a docking child.
    expect(await within(60_000, () => lines(pids).length >= 2)).toBe(true);
    const groups = new Set(lines(pids).map((l) => Number(l.split(' ')[0])));
    expect(groups.size).toBe(2);
    expect(membersOf(groups).length).toBeGreaterThanOrEqual(4);
    child.kill('SIGKILL');
    await exited;
    const gone = await within(5000, () => membersOf(groups).length === 0);
    const left = membersOf(groups);
    for (const pid of left) process.kill(pid, 'SIGKILL');
    expect(gone, `still running: ${left.join(' ')}`).toBe(true);
  });
});
