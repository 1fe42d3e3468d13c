/** Run the CLI in a child process (through tsx), as a user would with `npm start -- ...`. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WriteFaultRule } from '../../src/shared/write-faults.js';
import type { CheckpointGate } from '../fixtures/write-faults-preload.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const FAULTS = fileURLToPath(new URL('../fixtures/write-faults-preload.ts', import.meta.url));

export interface CliRun {
  readonly child: ChildProcess;
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

export interface CliOptions {
  readonly cwd?: string;
  /** Writes that fail in the child (through the writers' fault seam). */
  readonly writeFaults?: readonly WriteFaultRule[];
  /** A checkpoint write the child holds until the test releases it (see write-faults-preload.ts). */
  readonly gate?: CheckpointGate;
}

export function startCli(args: readonly string[], cwdOrOptions: string | CliOptions = REPO_ROOT): CliRun {
  const options = typeof cwdOrOptions === 'string' ? { cwd: cwdOrOptions } : cwdOrOptions;
  const faults = options.writeFaults ?? [];
  const preload = faults.length > 0 || options.gate ? ['--import', FAULTS] : [];
  const child = spawn(process.execPath, ['--import', 'tsx', ...preload, MAIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: {
      ...process.env,
      NODE_NO_WARNINGS: '1',
      ...(faults.length > 0 ? { ALCOVE_TEST_WRITE_FAULTS: JSON.stringify(faults) } : {}),
      ...(options.gate ? { ALCOVE_TEST_CHECKPOINT_GATE: JSON.stringify(options.gate) } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

export async function runCli(args: readonly string[], cwdOrOptions?: string | CliOptions) {
  return startCli(args, cwdOrOptions).done;
}

/** Runs the CLI's `main` in this process, stdout and stderr captured (fast: no child, no tsx start-up). */
export async function runMain(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { vi } = await import('vitest');
  const { main } = await import('../../src/cli/run-cli.js');
  let stdout = '';
  let stderr = '';
  const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    outSpy.mockRestore();
    errSpy.mockRestore();
  }
}
