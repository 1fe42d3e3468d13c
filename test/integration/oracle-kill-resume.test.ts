/**
 * A campaign with a command oracle (a fake docking program that runs a child process per molecule,
 * chunks of 2, 2 at once) killed with SIGKILL in the middle of a batch, then resumed:
 * - no process of any oracle process group survives the kill by more than about 5 s;
 * - the resumed run docks each molecule at most once, and never one whose result was journaled;
 * - it ends with the same history and acquisitions as an uninterrupted run;
 * - the audit trail has every attempt, the killed ones closed as interrupted.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../src/oracles/oracle-journal.js';
import { readAudit } from '../../src/records/audit-log.js';
import { acquisitions, readJson, science, type Summary } from '../helpers/campaign-history.js';
import { runCli, startCli } from '../helpers/cli.js';
import { membersOf, within } from '../helpers/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-oracle-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FAKE = resolve('examples/oracles/fake-docking.mjs');

function configFor(name: string): { config: string; log: string; pids: string } {
  const log = join(dir, `${name}.log`);
  const pids = join(dir, `${name}.pids`);
  const config = join(dir, `${name}.yaml`);
  writeFileSync(
    config,
    `name: oracle-kill
seed: 5
dataset: { builtin: amide-library, subsample: 200 }
featurizer: { kind: morgan, radius: 2, bits: 512 }
model: { trees: 8, max_depth: 4 }
objective: minimize
oracle:
  kind: command
  argv: [${JSON.stringify(FAKE)}, --seconds, '0.4', --log, ${JSON.stringify(log)}, --pids, ${JSON.stringify(pids)}]
  chunk: 2
  parallel: 2
  timeout_s: 60
campaign: { initial: 8, batch: 8, generations: 2 }
`,
  );
  return { config, log, pids };
}

const lines = (path: string) =>
  existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : [];
const counts = (ids: readonly string[]) => {
  const m = new Map<string, number>();
  for (const id of ids) m.set(id, (m.get(id) ?? 0) + 1);
  return m;
};

describe('a command oracle killed mid-batch', () => {
  it('resumes without docking a journaled molecule again, leaves no process, and matches an uninterrupted run', async () => {
    const whole = configFor('whole');
    const full = await runCli(['--config', whole.config, '--state-dir', join(dir, 'whole'), '--quiet']);
    expect(full.code, full.stderr).toBe(0);
    expect(lines(whole.log)).toHaveLength(24);

    const killed = configFor('killed');
    const stateDir = join(dir, 'killed');
    const run = startCli(['--config', killed.config, '--state-dir', stateDir]);
    // The gate: the 11th docking has started, in the middle of generation 1's batch (molecules 9 to 16).
    await within(120_000, () => lines(killed.log).length >= 11);
    run.child.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');

    // No orphans: every process of every oracle group is gone within about 5 s. (Dockings of 0.4 s would
    // also end by themselves; test/oracles/no-orphans.test.ts holds ones that never do.)
    const groups = new Set(lines(killed.pids).map((l) => Number(l.split(' ')[0])));
    expect(groups.size).toBeGreaterThan(0);
    expect(await within(5000, () => membersOf(groups).length === 0), `left: ${membersOf(groups).join(' ')}`).toBe(true);

    const dockedBefore = lines(killed.log);
    const journaled = readJournal(join(stateDir, 'oracle-journal.jsonl')).filter((e) => e.class === 'ok');
    expect(journaled.length).toBeGreaterThanOrEqual(8);
    expect(journaled.length).toBeLessThan(dockedBefore.length);

    const resumed = await runCli(['--config', killed.config, '--state-dir', stateDir, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const dockedAfter = lines(killed.log).slice(dockedBefore.length);
    // The resume docks each molecule at most once, and none that the journal had.
    expect([...counts(dockedAfter).values()].every((n) => n === 1)).toBe(true);
    const journaledIds = new Set(journaled.map((e) => e.id));
    expect(dockedAfter.filter((id) => journaledIds.has(id))).toEqual([]);
    // In total: once per molecule, twice only for those whose docking the kill cut short.
    const total = counts([...dockedBefore, ...dockedAfter]);
    expect(total.size).toBe(24);
    expect([...total.entries()].filter(([id, n]) => n > 1 && journaledIds.has(id))).toEqual([]);

    const expected = readJson<Summary>(join(dir, 'whole', 'summary.json'));
    const got = readJson<Summary>(join(stateDir, 'summary.json'));
    expect(science(got)).toEqual(science(expected));
    expect(acquisitions(stateDir)).toEqual(acquisitions(join(dir, 'whole')));

    // Every launch is in the audit trail, started before it ran, and none is left open.
    const { events } = readAudit(join(stateDir, 'audit.jsonl'));
    const starts = events.flatMap((e) => (e.type === 'attempt-start' && e.stage === 'oracle' ? [e] : []));
    const ends = new Map(
      events.flatMap((e) => (e.type === 'attempt-end' || e.type === 'attempt-closed' ? [[e.id, e] as const] : [])),
    );
    expect(starts.every((s) => ends.has(s.id))).toBe(true);
    expect(starts.length).toBeGreaterThanOrEqual(new Set(lines(killed.pids).map((l) => l.split(' ')[0])).size);
    const closed = [...ends.values()].filter((e) => e.type === 'attempt-closed');
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((e) => e.class === 'interrupted')).toBe(true);
  });
});
