/** The oracle journal: durable appends, what counts as final, torn and foreign lines, and labelBatch over it. */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labelBatch } from '../../src/campaign/stages/label-batch.js';
import { installWriteFaults, writeFaultError } from '../../src/shared/write-faults.js';
import { openOracleJournal, readJournal, type JournalEntry } from '../../src/oracles/oracle-journal.js';
import type { Oracle } from '../../src/oracles/oracle.js';
import type { Exec } from '../../src/pool/executor.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ids = ['a', 'b', 'c', 'd', 'e'];
const entry = (index: number, more: Partial<JournalEntry> = {}): JournalEntry => ({
  index,
  id: ids[index] ?? '?',
  generation: 0,
  value: index * 1.5,
  class: 'ok',
  attempt: 1,
  seconds: 0.25,
  ...more,
});
const exec = { generation: 2 } as Exec;
const clock = { monotonic: () => 0 };

describe('oracle journal', () => {
  it('keeps ok results (a value or no score) as final, failures only for the record, across reopening', async () => {
    const path = join(dir, 'a.jsonl');
    const j = openOracleJournal(path, ids);
    await j.append([entry(0), entry(1, { value: null }), entry(2, { value: null, class: 'timeout', attempt: 2 })]);
    j.close();
    const again = openOracleJournal(path, ids);
    expect(again.final(0)).toEqual(entry(0));
    expect(again.final(1)?.value).toBeNull();
    expect(again.final(2)).toBeUndefined();
    expect(readJournal(path).map((e) => e.class)).toEqual(['ok', 'ok', 'timeout']);
    again.close();
  });

  it('a write the disk refuses is WRITE_FAILED naming the journal, and nothing of it counts as final', async () => {
    const path = join(dir, 'refused.jsonl');
    const j = openOracleJournal(path, ids);
    installWriteFaults({ faultFor: (p) => (p === path ? writeFaultError('EIO', p) : null) });
    try {
      await expect(j.append([entry(0)])).rejects.toMatchObject({ code: 'WRITE_FAILED' });
      await expect(j.append([entry(0)])).rejects.toThrow(/refused\.jsonl/);
      expect(j.final(0)).toBeUndefined();
    } finally {
      installWriteFaults(null);
      j.close();
    }
  });

  it('tolerates a torn last line with a warning and ends it before the next append', async () => {
    const path = join(dir, 'torn.jsonl');
    const j = openOracleJournal(path, ids);
    await j.append([entry(0), entry(1)]);
    j.close();
    appendFileSync(path, '{"i":2,"id":"c","g":0,"value":3,"cla');
    const warnings: string[] = [];
    const reopened = openOracleJournal(path, ids, (w) => warnings.push(w));
    expect(warnings).toEqual([expect.stringMatching(/torn last line \(line 3\)/)]);
    expect(reopened.final(2)).toBeUndefined();
    await reopened.append([entry(3)]);
    reopened.close();
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(5);
    expect(readJournal(path).map((e) => e.index)).toEqual([0, 1, 3]);
  });

  it('ignores, with a warning, entries whose id is not the pool id at their index', () => {
    const path = join(dir, 'foreign.jsonl');
    writeFileSync(path, `${JSON.stringify({ i: 0, id: 'zz', g: 0, value: 1, class: 'ok', attempt: 1, seconds: 0 })}\n`);
    const warnings: string[] = [];
    const j = openOracleJournal(path, ids, (w) => warnings.push(w));
    expect(j.final(0)).toBeUndefined();
    expect(warnings[0]).toMatch(/1 entries name ids that are not the pool's/);
    j.close();
  });

  it('labelBatch asks the oracle only for molecules without a final result, and journals the answers', async () => {
    const path = join(dir, 'label.jsonl');
    const journal = openOracleJournal(path, ids);
    await journal.append([entry(1), entry(3, { class: 'crash', value: null })]);
    const asked: number[][] = [];
    const oracle: Oracle = {
      kind: 'fake',
      label: (indices) => {
        asked.push([...indices]);
        return Promise.resolve(indices.map((i) => (i === 4 ? null : i * 100)));
      },
      truth: () => Promise.resolve(null),
    };
    const got = await labelBatch({ oracle, journal, ids, clock }, [4, 1, 3, 0], exec);
    expect(asked).toEqual([[4, 3, 0]]);
    expect(got).toEqual({ labels: [null, 1.5, 300, 0], failures: 1 });
    const written = readJournal(path).slice(2);
    expect(written.map((e) => [e.index, e.class, e.generation])).toEqual([
      [4, 'error', 2],
      [3, 'ok', 2],
      [0, 'ok', 2],
    ]);
    // Asked again (a retried explore): the failed molecule only.
    asked.length = 0;
    await labelBatch({ oracle, journal, ids, clock }, [4, 1, 3, 0], exec);
    expect(asked).toEqual([[4]]);
    journal.close();
  });

  it('a recomputable oracle (a lookup) is neither read from nor written to the journal', async () => {
    const path = join(dir, 'lookup.jsonl');
    const journal = openOracleJournal(path, ids);
    await journal.append([entry(1, { value: -99 })]);
    const lookup: Oracle = {
      kind: 'lookup',
      recomputable: true,
      label: (indices) => Promise.resolve(indices.map((i) => i)),
      truth: () => Promise.resolve(null),
    };
    const got = await labelBatch({ oracle: lookup, journal, ids, clock }, [0, 1, 2], exec);
    expect(got.labels).toEqual([0, 1, 2]);
    expect(readJournal(path)).toHaveLength(1);
    journal.close();
  });
});
