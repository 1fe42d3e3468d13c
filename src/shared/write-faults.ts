/**
 * The fault-injection seam of every write into a state folder. The writers (atomic files, the checkpoint,
 * the audit trail, the plotly copy) call `checkWrite(path)` just before they hand bytes to the kernel, so
 * a test can make one named file's write fail with the error a full or failing disk gives (ENOSPC, EIO)
 * and check that the run stops or warns as it must, without a broken disk. Nothing is installed in
 * production: `checkWrite` is then one null check.
 */

/** The errno codes a test can inject (what full, failing and read-only disks give). */
export const WRITE_FAULT_CODES = ['ENOSPC', 'EIO', 'EROFS', 'EDQUOT'] as const;
export type WriteFaultCode = (typeof WRITE_FAULT_CODES)[number];

const DESCRIPTIONS: Record<WriteFaultCode, string> = {
  ENOSPC: 'no space left on device',
  EIO: 'i/o error',
  EROFS: 'read-only file system',
  EDQUOT: 'disk quota exceeded',
};

/** Decides, write by write, which ones fail. */
export interface WriteFaults {
  /** The error the write of `path` (absolute) fails with now, or null to let it through. */
  faultFor(path: string): NodeJS.ErrnoException | null;
}

let installed: WriteFaults | null = null;

/** Installs `faults` for every later write of this process (null removes them). */
export function installWriteFaults(faults: WriteFaults | null): void {
  installed = faults;
}

/** Throws the injected error for a write of `path`, if any; called by the writers. */
export function checkWrite(path: string): void {
  if (installed === null) return;
  const error = installed.faultFor(path);
  if (error !== null) throw error;
}

/** An error shaped like the one node's fs gives for `code` (`ENOSPC: no space left on device, write`). */
export function writeFaultError(code: WriteFaultCode, path: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: ${DESCRIPTIONS[code]}, write`);
  error.code = code;
  error.syscall = 'write';
  error.path = path;
  return error;
}

/** Which writes a rule fails: files whose path ends with `file`, after `after` of them went through. */
export interface WriteFaultRule {
  /** A file name or the end of a path (`audit.jsonl`, `artifacts/models/`): matched against the path's end or a segment. */
  readonly file: string;
  readonly code: WriteFaultCode;
  /** Writes of matching files that succeed first (default 0: the first one fails). */
  readonly after?: number;
  /** Matching writes that fail once failing starts (default: all of them, a disk that stays broken). */
  readonly times?: number;
}

const matches = (path: string, file: string) =>
  path.endsWith(`/${file}`) || path === file || (file.endsWith('/') && path.includes(`/${file}`));

/** Faults from rules, each counting its own matching writes. */
export function writeFaultsFrom(rules: readonly WriteFaultRule[]): WriteFaults {
  const seen = rules.map(() => 0);
  return {
    faultFor(path) {
      for (const [i, rule] of rules.entries()) {
        if (!matches(path, rule.file)) continue;
        const n = (seen[i] ?? 0) + 1;
        seen[i] = n;
        const after = rule.after ?? 0;
        if (n > after && n <= after + (rule.times ?? Number.POSITIVE_INFINITY)) return writeFaultError(rule.code, path);
      }
      return null;
    },
  };
}
