/**
 * Errors that end a command: one line and a documented exit code, the stack only with --debug. Most cases call
 * `main` in-process (stderr captured); a few go through the real process as a user would.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_HANDLERS, EXIT, main } from '../../src/cli/run-cli.js';
import type { CommandHandler } from '../../src/cli/command-context.js';
import { AlcoveError } from '../../src/shared/errors.js';
import { runCli } from '../helpers/cli.js';
import { ALIAS_BOMB } from '../helpers/hostile-inputs.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-cli-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const aFile = join(dir, 'a-file');
writeFileSync(aFile, 'not a folder\n');
const bomb = join(dir, 'bomb.yaml');
writeFileSync(bomb, ALIAS_BOMB);
const folderConfig = join(dir, 'folder.yaml');
mkdirSync(folderConfig);

/** Runs `main` in this process with stderr and stdout captured. */
async function inProcess(argv: readonly string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    return { code: await main(argv), stderr };
  } finally {
    errSpy.mockRestore();
    outSpy.mockRestore();
  }
}

const STACK = /^\s+at /m;

describe('errors that end a command', () => {
  const run = COMMAND_HANDLERS.run;
  afterEach(() => {
    COMMAND_HANDLERS.run = run;
  });
  const failWith = (error: unknown): void => {
    const handler: CommandHandler = () => {
      throw error;
    };
    COMMAND_HANDLERS.run = handler;
  };

  it('an unexpected error is one "internal error" line and exit 1, the stack only with --debug', async () => {
    failWith(new TypeError("Cannot read properties of undefined (reading 'x')"));
    const plain = await inProcess(['--quiet']);
    expect(plain.code).toBe(EXIT.failed);
    expect(plain.stderr).toBe(
      "alcove: internal error: Cannot read properties of undefined (reading 'x') (run with --debug for the stack)\n",
    );
    const debug = await inProcess(['--quiet', '--debug']);
    expect(debug.code).toBe(EXIT.failed);
    expect(debug.stderr).toMatch(/^alcove: internal error: Cannot read properties/);
    expect(debug.stderr).toMatch(/TypeError: Cannot read properties/);
    expect(debug.stderr).toMatch(STACK);
  });

  it('a failure with a code is its message and exit 1, without a stack', async () => {
    failWith(new AlcoveError('TASK_FAILED', 'train failed: 3 of 4 tasks'));
    expect(await inProcess([])).toEqual({ code: EXIT.failed, stderr: 'alcove: train failed: 3 of 4 tasks\n' });
  });

  it('bad input is its message and exit 2; --debug adds the stack and its cause', async () => {
    failWith(new AlcoveError('BAD_DATA', 'x.csv: row 3 has 2 fields', { cause: new Error('inner') }));
    expect(await inProcess([])).toEqual({ code: EXIT.usage, stderr: 'alcove: x.csv: row 3 has 2 fields\n' });
    const debug = await inProcess(['--debug']);
    expect(debug.code).toBe(EXIT.usage);
    expect(debug.stderr).toMatch(STACK);
    expect(debug.stderr).toMatch(/caused by: Error: inner/);
  });

  it('--state-dir naming a file, or a path under a file, is refused with exit 2', async () => {
    for (const command of [[], ['sweep', '--config', 'configs/sweeps/strategies.yaml'], ['package', '--out', 'x']]) {
      const r = await inProcess([...command, '--state-dir', aFile]);
      expect(r.code).toBe(EXIT.usage);
      expect(r.stderr).toMatch(/^alcove: --state-dir .*a-file: is a file, not a folder;[^\n]*\n$/);
    }
    const under = await inProcess(['--state-dir', join(aFile, 'sub')]);
    expect(under).toMatchObject({ code: EXIT.usage, stderr: expect.stringMatching(/a-file is a file\n$/) as unknown });
  });

  it('a config that is a folder or an alias bomb is refused with exit 2', async () => {
    const folder = await inProcess(['--config', folderConfig, '--state-dir', join(dir, 's1')]);
    expect(folder.code).toBe(EXIT.usage);
    expect(folder.stderr).toMatch(/^alcove: .*folder\.yaml: config file is a folder, not a file/);
    const alias = await inProcess(['--config', bomb, '--state-dir', join(dir, 's2')]);
    expect(alias.code).toBe(EXIT.usage);
    expect(alias.stderr).toMatch(/^alcove: .*bomb\.yaml: YAML aliases expand past 100 nodes[^\n]*\n$/);
  });
});

describe('through the real process', () => {
  it('an alias bomb and a --state-dir that is a file: exit 2, one line, no stack', async () => {
    for (const args of [
      ['--config', bomb, '--state-dir', join(dir, 's3')],
      ['--state-dir', aFile],
    ]) {
      const r = await runCli(args);
      expect(r.code).toBe(EXIT.usage);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(STACK);
    }
  });
});
