/**
 * A process killed (SIGKILL) in the middle of checkpoint writes leaves a valid checkpoint: the last
 * one it finished or the one it was writing, never a torn file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readCheckpoint } from '../../src/state/checkpoint.js';
import { createRng } from '../../src/shared/rng.js';

const writer = fileURLToPath(new URL('../fixtures/checkpoint-writer.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'alcove-ckpt-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function killMidWrite(path: string, afterWrites: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    let last = -1;
    let buffered = '';
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const l of lines) last = Number(l);
      // Kill while the next write is under way.
      if (last >= afterWrites) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', () => resolve(last));
  });
}

describe('checkpoint writes under SIGKILL', () => {
  it('always leaves the old or the new checkpoint', async () => {
    const rng = createRng(1, 'checkpoint-kill');
    for (let round = 0; round < 4; round++) {
      const path = join(dir, `state-${round}.json`);
      const lastDone = await killMidWrite(path, 1 + rng.int(4));
      const env = readCheckpoint(path, 'hash');
      const generation = env.snapshot.context.generation;
      expect([lastDone, lastDone + 1]).toContain(generation);
      expect(env.snapshot.context.labeled).toHaveLength(400_000);
    }
    // Only checkpoints and possibly an abandoned temp file; never a torn state file.
    expect(readdirSync(dir).filter((f) => f.endsWith('.json'))).toHaveLength(4);
  });
});
