/**
 * `alcove worker` as a child process of the built CLI (dist/cli/main.js, built here first if the sources
 * changed), the way a user starts one on another machine. `ready` resolves on its first line (it prints it
 * once it takes jobs), so tests gate on it instead of sleeping.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ensureDist } from '../../scripts/dist-build.mjs';
import { REPO_ROOT } from './cli.js';

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly ready: Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
  output(): string;
}

export function buildCli(): void {
  ensureDist(REPO_ROOT, () => undefined);
}

export function startWorkerProcess(redis: string, queue: string, extra: readonly string[] = []): WorkerProcess {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'dist', 'cli', 'main.js'), 'worker', '--redis', redis, '--queue', queue, ...extra],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_NO_WARNINGS: '1' } },
  );
  let output = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const onData = (d: Buffer) => {
    output += d.toString();
    if (/worker \S+: queue /.test(output)) markReady();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, output })),
  );
  const failedEarly = exited.then(({ code, output: text }) => {
    throw new Error(`worker exited (${code}) before taking jobs:\n${text}`);
  });
  failedEarly.catch(() => undefined);
  return {
    child,
    pid: child.pid ?? -1,
    ready: Promise.race([ready, failedEarly]),
    exited,
    output: () => output,
  };
}
