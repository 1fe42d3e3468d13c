/** One Alcove campaign through the `alcove-run` child entry, timed from spawn to exit. */
import { join } from 'node:path';
import { lastJsonObject, runChild, tail } from './child-process.js';
import { alcoveFigures, isAlcoveRunReport, type AlcoveRunReport, type RunFigures } from './run-reports.js';

export interface AlcoveRun {
  readonly figures: RunFigures;
  readonly raw: AlcoveRunReport;
}

export interface AlcoveChildOptions {
  /** Folder of the compiled bench (`dist/bench`). */
  readonly benchDir: string;
  readonly repoRoot: string;
  readonly cpuProfDir: string | null;
  readonly echo: boolean;
}

export async function runAlcove(
  config: string,
  sets: readonly string[],
  options: AlcoveChildOptions,
): Promise<AlcoveRun> {
  const node = [
    ...(options.cpuProfDir === null ? [] : ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir]),
    join(options.benchDir, 'alcove-run.js'),
    '--config',
    config,
    ...sets.flatMap((s) => ['--set', s]),
  ];
  const result = await runChild(process.execPath, node, {
    cwd: options.repoRoot,
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
    echoStderr: options.echo,
  });
  const report = lastJsonObject(result.stdout);
  if (!isAlcoveRunReport(report)) {
    throw new Error(`alcove-run exited with ${result.code ?? result.signal} and no report: ${tail(result.stderr)}`);
  }
  if (report.status !== 'done') throw new Error(`campaign ended '${report.status}': ${tail(result.stderr)}`);
  return { figures: alcoveFigures(report, result.seconds), raw: report };
}
