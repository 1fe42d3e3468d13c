/**
 * The frame of the fuzz files that run the real CLI process: a temp folder with one folder per case, removed
 * after the file, which must have written nothing into the checkout; and what a refusal prints.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { repoListing, STACK_LINE } from './fuzz-settings.js';

/** Registers the clean-up and check (call at the top of a file); returns a maker of fresh case folders. */
export function cliCaseFolders(name: string): () => string {
  const root = mkdtempSync(join(tmpdir(), `alcove-fuzz-${name}-`));
  const before = repoListing();
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    expect(repoListing()).toBe(before);
  });
  let cases = 0;
  return () => {
    const dir = join(root, `case-${cases++}`);
    mkdirSync(dir);
    return dir;
  };
}

/** Every line is a message: the first `alcove: ...`, none a stack frame or an internal error. */
export function expectMessages(stderr: string): void {
  expect(stderr.startsWith('alcove: ')).toBe(true);
  expect(stderr).not.toMatch(STACK_LINE);
  expect(stderr).not.toContain('internal error');
}
