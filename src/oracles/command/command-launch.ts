/**
 * How a command is started: as given, or under `prlimit --data=<bytes> --core=0 --` when it has a memory
 * cap (see command-oracle-process.ts for why RLIMIT_DATA). Without prlimit on PATH it runs uncapped, and
 * the note says so.
 */
import { accessSync, constants as fsConstants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** What of a command's spec decides its launch. */
export interface LaunchSpec {
  readonly argv: readonly string[];
  readonly memoryMb: number | null;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface Launch {
  readonly file: string;
  readonly args: readonly string[];
  /** The cap actually applied (null when none was asked for or prlimit is missing). */
  readonly cappedMb: number | null;
  readonly note: string;
}

export function resolveLaunch(spec: LaunchSpec): Launch {
  const [file = '', ...args] = spec.argv;
  if (spec.memoryMb === null) return { file, args, cappedMb: null, note: '' };
  const prlimit = findOnPath('prlimit', (spec.env ?? process.env).PATH ?? '');
  if (prlimit === null) {
    return {
      file,
      args,
      cappedMb: null,
      note: `prlimit not found on PATH: ran without the ${spec.memoryMb} MB memory cap`,
    };
  }
  const bytes = Math.floor(spec.memoryMb * 1024 * 1024);
  return {
    file: prlimit,
    args: [`--data=${bytes}`, '--core=0', '--', ...spec.argv],
    cappedMb: spec.memoryMb,
    note: '',
  };
}

function findOnPath(name: string, path: string): string | null {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}
