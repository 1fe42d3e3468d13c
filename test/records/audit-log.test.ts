import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CampaignContext } from '../../src/machine/campaign-types.js';
import {
  closeOpenAttempts,
  createAuditLog,
  createRunId,
  readAudit,
  type AuditEvent,
  type AuditEventInput,
} from '../../src/records/audit-log.js';
import { summarizeAttempts } from '../../src/records/summarize-attempts.js';
import type { CampaignEventMap } from '../../src/events/campaign-events.js';
import type { EnvironmentInfo } from '../../src/records/environment-info.js';
import { recordCampaignEvents } from '../../src/records/record-campaign-events.js';
import { createFakeClock } from '../../src/shared/clock.js';
import { AlcoveError } from '../../src/shared/errors.js';
import { createEventBus } from '../../src/shared/event-bus.js';

const T0 = Date.UTC(2025, 0, 2, 3, 4, 5);
const env: EnvironmentInfo = {
  node: 'v20.0.0',
  os: { platform: 'linux', release: '6.0' },
  arch: 'x64',
  cpu: { model: 'test cpu', count: 2 },
  totalMemoryBytes: 1024,
  host: 'testhost',
  alcove: '0.1.0',
  packages: {
    xstate: '5.0.0',
    piscina: '5.0.0',
    zod: '4.0.0',
    yaml: '2.0.0',
    lowdb: '7.0.0',
    '@rdkit/rdkit': '2026.9.1',
    'ml-random-forest': '2.1.0',
    'plotly.js-dist': '3.0.0',
  },
  rdkit: null,
  gitCommit: null,
  gitDirty: null,
};

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'alcove-audit-'));
  file = join(dir, 'audit.jsonl');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const start = (id: string, key: string, stage: string, generation: number, attempt: number): AuditEventInput => ({
  type: 'attempt-start',
  id,
  key,
  stage,
  task: stage,
  generation,
  attempt,
  params: { batch: 10, timeout_ms: 1000 },
});
const end = (id: string, cls: 'ok' | 'oom' | 'timeout' | 'crash' | 'error'): AuditEventInput => ({
  type: 'attempt-end',
  id,
  startedAt: new Date(T0).toISOString(),
  durationMs: 5,
  class: cls,
  error: cls === 'ok' ? null : { code: 'TASK_FAILED', message: cls },
  peakMemoryBytes: cls === 'ok' ? 1000 : null,
});

describe('audit log', () => {
  it('appends one JSON line per event and reads them back with run and time filled in', () => {
    const clock = createFakeClock(T0);
    const log = createAuditLog(file, clock, { pid: 42 });
    expect(log.run).toBe('2025-01-02T03:04:05.000Z-42');
    expect(log.run).toBe(createRunId(clock, 42));
    log.append({
      type: 'run-start',
      resume: false,
      stateDir: dir,
      configFile: 'c.yaml',
      config: { seed: 1, model: { trees: 10 } },
      configSha256: 'a'.repeat(64),
      seed: 1,
      datasetSha256: null,
      environment: env,
    });
    log.append({ type: 'transition', from: null, to: 'featurize', generation: 0 });
    clock.advance(1500);
    const id = log.attemptId('featurize');
    expect(id).toBe(`${log.run}/featurize/1`);
    expect(log.attemptId('featurize')).toBe(`${log.run}/featurize/2`);
    expect(log.attemptId('train')).toBe(`${log.run}/train/1`);
    log.append(start(id, 'g0/featurize/0', 'featurize', 0, 1));
    expect(log.openAttempts().map((a) => a.id)).toEqual([id]);
    log.append(end(id, 'ok'));
    expect(log.openAttempts()).toEqual([]);
    log.append({ type: 'round', generation: 0, labeled: 10, metrics: { r2: 0.5, rmse: null }, seconds: { train: 1 } });
    log.append({ type: 'notice', message: 'hello "quoted"\nnewline' });
    log.append({ type: 'run-end', status: 'done', exitCode: 0, error: null });
    log.close();
    log.close(); // idempotent

    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    expect(lines).toHaveLength(8); // 7 events + the empty string after the final newline
    expect(lines[7]).toBe('');
    for (const line of lines.slice(0, 7)) expect(() => JSON.parse(line) as unknown).not.toThrow();
    // The first keys are type, at, run.
    expect(lines[1]!.startsWith(`{"type":"transition","at":"2025-01-02T03:04:05.000Z","run":"${log.run}"`)).toBe(true);

    const { events, skippedLines, tornTail } = readAudit(file);
    expect(skippedLines).toEqual([]);
    expect(tornTail).toBeNull();
    expect(events.map((e) => e.type)).toEqual([
      'run-start',
      'transition',
      'attempt-start',
      'attempt-end',
      'round',
      'notice',
      'run-end',
    ]);
    expect(events.every((e) => e.run === log.run)).toBe(true);
    expect(events[2]!.at).toBe('2025-01-02T03:04:06.500Z');
    const notice = events[5] as Extract<AuditEvent, { type: 'notice' }>;
    expect(notice.message).toBe('hello "quoted"\nnewline');
    const rs = events[0] as Extract<AuditEvent, { type: 'run-start' }>;
    expect(rs.environment.host).toBe('testhost');
  });

  it('refuses to append after close', () => {
    const log = createAuditLog(file, createFakeClock(T0));
    log.close();
    expect(() => log.append({ type: 'notice', message: 'late' })).toThrow(AlcoveError);
  });

  it('appends to an existing file instead of truncating it', () => {
    const clock = createFakeClock(T0);
    const a = createAuditLog(file, clock, { run: 'A' });
    a.append({ type: 'notice', message: 'one' });
    a.close();
    const b = createAuditLog(file, clock, { run: 'B' });
    b.append({ type: 'notice', message: 'two' });
    b.close();
    expect(readAudit(file).events.map((e) => `${e.run}:${(e as { message: string }).message}`)).toEqual([
      'A:one',
      'B:two',
    ]);
  });

  it('reads a missing file as empty', () => {
    expect(readAudit(join(dir, 'nope.jsonl'))).toEqual({ events: [], skippedLines: [], tornTail: null });
  });

  it('tolerates a torn last line, reports it once in a notice, and keeps later lines whole', () => {
    const clock = createFakeClock(T0);
    const log = createAuditLog(file, clock, { run: 'R1' });
    log.append({ type: 'notice', message: 'first' });
    log.append({ type: 'notice', message: 'second' });
    log.close();
    appendFileSync(file, '{"type":"attempt-start","at":"2025-01-0'); // SIGKILL mid-write

    const torn = readAudit(file);
    expect(torn.events).toHaveLength(2);
    expect(torn.tornTail).toEqual({ line: 3, bytes: 39 });
    expect(torn.skippedLines).toEqual([3]);

    expect(closeOpenAttempts(file, clock, 'R2')).toBe(0);
    const after = readAudit(file);
    expect(after.tornTail).toBeNull();
    expect(after.skippedLines).toEqual([3]); // the fragment is now a line of its own
    const notices = after.events.filter((e) => e.type === 'notice').map((e) => (e as { message: string }).message);
    expect(notices).toHaveLength(3);
    expect(notices[2]).toMatch(/torn last line \(line 3, 39 bytes\)/);
    expect(after.events[2]!.run).toBe('R2');

    // Not reported again on the next resume.
    expect(closeOpenAttempts(file, clock, 'R3')).toBe(0);
    expect(readAudit(file).events).toHaveLength(3);

    // A new log on a torn file starts a fresh line too.
    appendFileSync(file, '{"broken');
    const log2 = createAuditLog(file, clock, { run: 'R4' });
    log2.append({ type: 'notice', message: 'whole' });
    log2.close();
    const last = readAudit(file);
    expect(last.events.at(-1)).toMatchObject({ run: 'R4', message: 'whole' });
    expect(last.skippedLines).toEqual([3, 5]);
  });

  it('closes exactly the attempts left open, once, and not those of the current run', () => {
    const clock = createFakeClock(T0);
    const r1 = createAuditLog(file, clock, { run: 'R1' });
    r1.append({ type: 'notice', message: 'stand-in for run-start' });
    r1.append(start('R1/featurize/1', 'k1', 'featurize', 0, 1));
    r1.append(end('R1/featurize/1', 'ok'));
    r1.append(start('R1/train/1', 'k2', 'train', 0, 1));
    r1.append(end('R1/train/1', 'timeout'));
    r1.append(start('R1/train/2', 'k2', 'train', 0, 2)); // left open: SIGKILL
    r1.append(start('R1/explore/1', 'k3', 'explore', 0, 1)); // left open
    r1.close();
    const r2 = createAuditLog(file, clock, { run: 'R2' });
    r2.append(start('R2/train/1', 'k9', 'train', 1, 1)); // the current run's own live attempt
    r2.close();

    clock.advance(60_000);
    expect(closeOpenAttempts(file, clock, 'R2')).toBe(2);
    const closed = readAudit(file).events.filter((e) => e.type === 'attempt-closed');
    expect(
      closed.map((e) => e.type === 'attempt-closed' && [e.id, e.class, e.openedBy, e.run, e.startedAt, e.at]),
    ).toEqual([
      ['R1/train/2', 'interrupted', 'R1', 'R2', '2025-01-02T03:04:05.000Z', '2025-01-02T03:05:05.000Z'],
      ['R1/explore/1', 'interrupted', 'R1', 'R2', '2025-01-02T03:04:05.000Z', '2025-01-02T03:05:05.000Z'],
    ]);
    // Idempotent: nothing is open any more.
    const lines = readFileSync(file, 'utf8').split('\n').length;
    expect(closeOpenAttempts(file, clock, 'R2')).toBe(0);
    expect(readFileSync(file, 'utf8').split('\n').length).toBe(lines);
    expect(closeOpenAttempts(join(dir, 'missing.jsonl'), clock, 'R2')).toBe(0);
  });

  it('notes a previous run that never wrote run-end', () => {
    const clock = createFakeClock(T0);
    const r1 = createAuditLog(file, clock, { run: 'R1' });
    r1.append({
      type: 'run-start',
      resume: false,
      stateDir: dir,
      configFile: null,
      config: {},
      configSha256: 'x',
      seed: 0,
      datasetSha256: null,
      environment: env,
    });
    r1.close();
    expect(closeOpenAttempts(file, clock, 'R2')).toBe(0);
    const notes = readAudit(file).events.filter((e) => e.type === 'notice');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ run: 'R2', message: 'run R1 ended without a run-end record (killed or crashed)' });
  });

  it('summarizes attempt chains per generation and stage', () => {
    const clock = createFakeClock(T0);
    const log = createAuditLog(file, clock, { run: 'R' });
    const closedAs = (id: string): AuditEventInput => ({
      type: 'attempt-closed',
      id,
      startedAt: 'x',
      class: 'interrupted',
      openedBy: 'R',
      reason: 'test',
    });
    const inputs: AuditEventInput[] = [
      start('a1', 'k1', 'featurize', 0, 1),
      end('a1', 'ok'), // ok
      start('a2', 'k2', 'featurize', 0, 1),
      end('a2', 'timeout'),
      start('a3', 'k2', 'featurize', 0, 2),
      end('a3', 'ok'), // retried
      start('b1', 'k3', 'train', 1, 1),
      end('b1', 'oom'),
      start('b2', 'k3', 'train', 1, 2),
      end('b2', 'oom'), // failed: oom
      start('b3', 'k4', 'train', 1, 1),
      end('b3', 'crash'),
      start('b4', 'k4', 'train', 1, 2),
      closedAs('b4'), // failed: interrupted
      start('b5', 'k5', 'train', 1, 1), // still open: not counted
      start('b6', 'k6', 'explore', 1, 1),
      closedAs('b6'),
      start('b7', 'k6', 'explore', 1, 1),
      end('b7', 'ok'), // re-run after resume: retried
      start('a4', 'k1', 'featurize', 0, 1),
      end('a4', 'ok'), // same key after success: a new chain, ok
      start('c1', 'k7', 'evaluate', 2, 1),
      end('c1', 'error'),
      start('c2', 'k7', 'evaluate', 2, 2), // retry under way: the chain is not counted yet
      end('zz', 'ok'), // an end without a start is ignored
    ];
    const events = inputs.map((e) => log.append(e));
    log.close();
    const expected = [
      { generation: 0, stages: { featurize: { ok: 2, retried: 1, failed: {} } } },
      {
        generation: 1,
        stages: {
          train: { ok: 0, retried: 0, failed: { oom: 1, interrupted: 1 } },
          explore: { ok: 0, retried: 1, failed: {} },
        },
      },
    ];
    expect(summarizeAttempts(events)).toEqual(expected);
    expect(summarizeAttempts(readAudit(file).events)).toEqual(expected);
    expect(summarizeAttempts([])).toEqual([]);
  });

  it('mirrors transitions, rounds, notices and attempts from the campaign event bus', () => {
    const clock = createFakeClock(T0);
    const log = createAuditLog(file, clock, { run: 'R' });
    const bus = createEventBus<CampaignEventMap>();
    const off = recordCampaignEvents(bus, log);
    const context = { generation: 3 } as unknown as CampaignContext;
    bus.emit('machine:transition', { from: 'train', to: 'evaluate', at: T0 + 1000, context });
    bus.emit('round:end', {
      round: {
        generation: 3,
        labeled: 40,
        metrics: { r2: 0.25 },
        seconds: { featurize: 1, train: 2, evaluate: 3, explore: 4 },
      },
      context,
    });
    bus.emit('notice', { message: 'reused features' });
    const record = {
      id: 'R/train/1',
      stage: 'train',
      kind: 'train',
      generation: 3,
      task: 'train:0+8',
      attempt: 1,
      params: { items: 8, first: 0, timeout_ms: 600 },
      startedAt: T0 + 2000,
    } as const;
    bus.emit('attempt:start', { record });
    bus.emit('attempt:end', {
      record: { ...record, endedAt: T0 + 2600, ms: 600, class: 'timeout', code: 'ABORTED', message: 'slow' },
    });
    off();
    bus.emit('notice', { message: 'after unsubscribe' });
    log.close();
    const { events } = readAudit(file);
    expect(events.map((e) => e.type)).toEqual(['transition', 'round', 'notice', 'attempt-start', 'attempt-end']);
    expect(events[0]).toMatchObject({ from: 'train', to: 'evaluate', generation: 3, at: '2025-01-02T03:04:06.000Z' });
    expect(events[1]).toMatchObject({ generation: 3, labeled: 40, metrics: { r2: 0.25 } });
    expect(events[3]).toMatchObject({ id: 'R/train/1', key: 'g3/train/train:0+8', attempt: 1, task: 'train' });
    expect(events[4]).toMatchObject({
      id: 'R/train/1',
      durationMs: 600,
      class: 'timeout',
      error: { code: 'ABORTED', message: 'slow' },
      peakMemoryBytes: null,
    });
  });

  it('skips lines that are JSON but not audit events', () => {
    writeFileSync(file, '{"hello":1}\n[1,2]\n{"type":"notice","at":"t","run":"r","message":"m"}\n');
    const read = readAudit(file);
    expect(read.events).toHaveLength(1);
    expect(read.skippedLines).toEqual([1, 2]);
    expect(read.tornTail).toBeNull();
  });
});
