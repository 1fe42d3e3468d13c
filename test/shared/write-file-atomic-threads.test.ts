/**
 * `writeFileAtomic` from two threads of one process onto the same file (a sweep's campaign tasks writing a
 * shared cache entry): every write succeeds and the file is always one writer's whole content, because the
 * temporary file is named by thread as well as by process.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { afterAll, expect, it } from 'vitest';
import type { AtomicWriterTask } from '../fixtures/workers/atomic-writer-worker.js';

const filename = fileURLToPath(new URL('../fixtures/workers/atomic-writer-worker.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'alcove-atomic-threads-'));
const pool = new Piscina({ filename, minThreads: 2, maxThreads: 2, execArgv: ['--import', 'tsx'] });
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

it('two threads replacing one file: no write fails, no torn or stray file', async () => {
  const path = join(dir, 'entry.bin');
  const gate = new SharedArrayBuffer(8);
  const word = new Int32Array(gate);
  const task = (tag: string): Promise<number> =>
    pool.run({ path, tag, times: 300, gate } satisfies AtomicWriterTask) as Promise<number>;
  const ends = [task('a'), task('b')];
  // Once both tasks wait at the gate, it opens for both at once.
  while (Atomics.load(word, 1) < 2) await new Promise((resolve) => setTimeout(resolve, 5));
  Atomics.store(word, 0, 1);
  Atomics.notify(word, 0);
  expect(await Promise.all(ends)).toEqual([0, 0]);
  expect(['a'.repeat(20_000), 'b'.repeat(20_000)]).toContain(readFileSync(path, 'utf8'));
  expect(readdirSync(dir)).toEqual(['entry.bin']);
}, 60_000);
