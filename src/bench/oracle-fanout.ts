/**
 * The `oracle-fanout` workload: a fake command oracle of 1 s per molecule (examples/oracles/fake-docking.mjs,
 * which docks by running a child `sleep`) labels a batch with `parallel: 2` through the campaign's own path
 * (the command oracle adapter, its attempt events into a real audit trail, labelBatch into a real oracle
 * journal). Measured, in the same run:
 * - **oracle-slot busy share**: the attempts' wall time (spawn to the end of the program's output) summed,
 *   over `parallel` times the batch's wall time: 1 would be slots never idle;
 * - **Alcove's own cost per oracle call**: the CPU time (user + system) of Alcove's process during the batch
 *   (spawning, pipes, parsing, audit lines, journal writes and fsyncs; the programs' own time is theirs),
 *   per molecule labeled. A warm-up batch runs first (see `runOracleFanout`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labelBatch } from '../campaign/stages/label-batch.js';
import type { CampaignEventMap } from '../events/campaign-events.js';
import { createCommandOracleAdapter } from '../oracles/command/command-oracle-adapter.js';
import { openOracleJournal } from '../oracles/oracle-journal.js';
import type { Exec } from '../pool/executor.js';
import { createAuditLog } from '../records/audit-log.js';
import { recordCampaignEvents } from '../records/record-campaign-events.js';
import { systemClock } from '../shared/clock.js';
import { AlcoveError } from '../shared/errors.js';
import { createEventBus } from '../shared/event-bus.js';
import { SmilesStore } from '../shared/smiles-store.js';

export const ORACLE_FANOUT_TARGETS = { busyShare: 0.95, costMsPerCall: 5 } as const;

export interface OracleFanoutResult {
  readonly molecules: number;
  readonly parallel: number;
  readonly chunk: number;
  readonly seconds_per_molecule: number;
  readonly runs: number;
  readonly wall_s: number;
  readonly busy_share: number;
  readonly alcove_cpu_ms_per_call: number;
  readonly pass: { readonly busy_share: boolean; readonly cost: boolean };
}

/** Only `generation` and `signal` are read by a command oracle; the pool methods are not its business. */
function oracleExec(): Exec {
  const none = () => {
    throw new AlcoveError('INTERNAL', 'the oracle-fanout bench has no worker pool');
  };
  return { generation: 1, maxFailureRate: 0.5, threads: () => 1, call: none, supervise: none, run: none };
}

export interface OracleFanoutOptions {
  readonly molecules?: number;
  readonly parallel?: number;
  readonly chunk?: number;
  readonly seconds?: number;
}

/**
 * The measured batch, after a warm-up batch (4 molecules, no docking time) that pays the one-time costs
 * outside the window: JIT compilation of the oracle path and the start of the group watchdog.
 */
export async function runOracleFanout(
  repoRoot: string,
  options: OracleFanoutOptions = {},
): Promise<OracleFanoutResult> {
  await measureBatch(repoRoot, { molecules: 4, seconds: 0, chunk: 1 });
  return measureBatch(repoRoot, options);
}

async function measureBatch(repoRoot: string, options: OracleFanoutOptions): Promise<OracleFanoutResult> {
  const molecules = options.molecules ?? 16;
  const parallel = options.parallel ?? 2;
  const chunk = options.chunk ?? 4;
  const seconds = options.seconds ?? 1;
  const dir = mkdtempSync(join(tmpdir(), 'alcove-bench-oracle-'));
  const dataset = {
    ids: SmilesStore.from(Array.from({ length: molecules }, (_, i) => `m${i}`)),
    smiles: SmilesStore.from(Array.from({ length: molecules }, (_, i) => `${'C'.repeat(1 + (i % 7))}O${i}`)),
  };
  const bus = createEventBus<CampaignEventMap>();
  const audit = createAuditLog(join(dir, 'audit.jsonl'), systemClock);
  const off = recordCampaignEvents(bus, audit);
  const attempts: number[] = [];
  bus.on('attempt:end', ({ record }) => void attempts.push(record.ms ?? 0));
  const journal = openOracleJournal(join(dir, 'oracle-journal.jsonl'), dataset.ids);
  const oracle = createCommandOracleAdapter(
    {
      kind: 'command',
      argv: [join(repoRoot, 'examples', 'oracles', 'fake-docking.mjs'), '--seconds', String(seconds)],
      timeout_s: 60,
      memory_mb: null,
      chunk,
      parallel,
      id_column: 'id',
      score_column: 'score',
    },
    dataset,
    { retries: 1, events: bus, clock: systemClock },
  );
  try {
    const cpu0 = process.cpuUsage();
    const t0 = systemClock.monotonic();
    const indices = Array.from({ length: dataset.ids.length }, (_, i) => i);
    const labeled = await labelBatch({ oracle, journal, ids: dataset.ids, clock: systemClock }, indices, oracleExec());
    const wallMs = systemClock.monotonic() - t0;
    const cpu = process.cpuUsage(cpu0);
    if (labeled.failures > 0) throw new AlcoveError('INTERNAL', `oracle-fanout: ${labeled.failures} calls failed`);
    const busy = attempts.reduce((a, b) => a + b, 0) / (parallel * wallMs);
    const costMs = (cpu.user + cpu.system) / 1000 / molecules;
    return {
      molecules,
      parallel,
      chunk,
      seconds_per_molecule: seconds,
      runs: attempts.length,
      wall_s: wallMs / 1000,
      busy_share: busy,
      alcove_cpu_ms_per_call: costMs,
      pass: { busy_share: busy >= ORACLE_FANOUT_TARGETS.busyShare, cost: costMs < ORACLE_FANOUT_TARGETS.costMsPerCall },
    };
  } finally {
    off();
    audit.close();
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The workload's rows for the bench's table: metric, Alcove, target, verdict. */
export function oracleFanoutRows(r: OracleFanoutResult): string[][] {
  const verdict = (ok: boolean) => (ok ? 'pass' : 'FAIL');
  return [
    [
      `oracle-slot busy share (${r.molecules} x ${r.seconds_per_molecule} s, parallel ${r.parallel}, chunk ${r.chunk})`,
      `${(r.busy_share * 100).toFixed(1)}%`,
      `>= ${ORACLE_FANOUT_TARGETS.busyShare * 100}%`,
      verdict(r.pass.busy_share),
    ],
    [
      'Alcove CPU per oracle call (spawn, pipes, audit, journal)',
      `${r.alcove_cpu_ms_per_call.toFixed(2)} ms`,
      `< ${ORACLE_FANOUT_TARGETS.costMsPerCall} ms`,
      verdict(r.pass.cost),
    ],
  ];
}
