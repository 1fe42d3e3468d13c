/**
 * The audit trail under a failing disk (through the write-fault seam): the first refused line is a
 * WRITE_FAILED naming the file, told once to the run (which stops), and nothing after it is written.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readAudit } from '../../src/records/audit-log.js';
import { openRunAudit } from '../../src/records/run-audit.js';
import { createFakeClock } from '../../src/shared/clock.js';
import type { AlcoveError } from '../../src/shared/errors.js';
import { installWriteFaults, writeFaultsFrom } from '../../src/shared/write-faults.js';

const dirs: string[] = [];
afterEach(() => {
  installWriteFaults(null);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function trail(code: 'EIO' | 'ENOSPC', after: number) {
  const dir = mkdtempSync(join(tmpdir(), 'alcove-run-audit-'));
  dirs.push(dir);
  const path = join(dir, 'audit.jsonl');
  installWriteFaults(writeFaultsFrom([{ file: 'audit.jsonl', code, after }]));
  const failures: AlcoveError[] = [];
  const audit = openRunAudit({
    path,
    clock: createFakeClock(0),
    run: 'r1',
    resume: false,
    log: () => undefined,
    onWriteFailed: (e) => void failures.push(e),
  });
  return { path, audit, failures };
}

describe('an audit trail the disk refuses', () => {
  for (const code of ['EIO', 'ENOSPC'] as const) {
    it(`${code}: fails once, names the file, writes nothing after, and close throws it`, () => {
      const { path, audit, failures } = trail(code, 2);
      for (const n of [1, 2, 3, 4]) audit.append({ type: 'notice', message: `line ${n}` });
      expect(failures).toHaveLength(1);
      expect(failures[0]?.code).toBe('WRITE_FAILED');
      expect(failures[0]?.message).toContain(`cannot write ${path}: ${code}`);
      expect(audit.failure()).toBe(failures[0]);
      expect(readAudit(path).events.map((e) => (e as { message?: string }).message)).toEqual(['line 1', 'line 2']);
      expect(audit.events).toHaveLength(2);
      expect(() => audit.close()).toThrow(/cannot write/);
      expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
    });
  }

  it('a disk that refuses one write only: still stops (a hole in the trail would read as complete)', () => {
    installWriteFaults(null);
    const { path, audit, failures } = trail('EIO', 0);
    installWriteFaults(writeFaultsFrom([{ file: 'audit.jsonl', code: 'EIO', times: 1 }]));
    audit.append({ type: 'notice', message: 'refused' });
    audit.append({ type: 'notice', message: 'would go through' });
    expect(failures).toHaveLength(1);
    expect(readAudit(path).events).toEqual([]);
  });
});

describe('write-fault rules', () => {
  it('match a file name or a folder, count their own writes, and fail `times` of them', () => {
    const faults = writeFaultsFrom([
      { file: 'state.json', code: 'EIO', after: 1, times: 2 },
      { file: 'artifacts/models/', code: 'ENOSPC' },
    ]);
    const codes = (path: string) => faults.faultFor(path)?.code ?? null;
    expect(['/s/state.json', '/s/state.json', '/s/state.json', '/s/state.json'].map(codes)).toEqual([
      null,
      'EIO',
      'EIO',
      null,
    ]);
    expect(codes('/s/artifacts/models/ab.bin')).toBe('ENOSPC');
    expect(codes('/s/artifacts/features/ab.bin')).toBeNull();
    expect(codes('/s/xstate.json')).toBeNull();
    expect(faults.faultFor('/s/artifacts/models/x.bin')?.message).toBe('ENOSPC: no space left on device, write');
  });
});
