import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/records/audit-events.js';
import { timingsFromAudit } from '../../src/records/timings-from-audit.js';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString();
const base = { run: 'r1' };
const transition = (s: number, to: string, generation: number) =>
  ({ ...base, type: 'transition', at: at(s), from: null, to, generation }) as AuditEvent;
const start = (s: number, id: string, stage: string) =>
  ({
    ...base,
    type: 'attempt-start',
    at: at(s),
    id,
    key: id,
    stage,
    task: stage,
    generation: 0,
    attempt: 1,
    params: {},
  }) as AuditEvent;
const end = (s: number, id: string, cls = 'ok') =>
  ({
    ...base,
    type: 'attempt-end',
    at: at(s),
    id,
    startedAt: at(s),
    durationMs: 0,
    class: cls,
    error: null,
    peakMemoryBytes: null,
  }) as AuditEvent;

describe('timingsFromAudit', () => {
  it('reads the start-up and the ground truth of evaluate back from the trail', () => {
    const audit: AuditEvent[] = [
      { ...base, type: 'run-start', at: at(0) } as AuditEvent,
      transition(2, 'featurize', 0),
      start(2, 'r1/featurize/1', 'featurize'),
      end(7, 'r1/featurize/1', 'crash'), // a failed attempt does not end the start-up
      end(9, 'r1/featurize/1'),
      transition(10, 'explore', 0),
      start(10, 'r1/oracle/1', 'oracle'), // the first batch's oracle calls: not ground truth
      end(12, 'r1/oracle/1'),
      transition(13, 'evaluate', 0),
      start(13, 'r1/oracle/2', 'oracle'),
      start(14, 'r1/oracle/3', 'oracle'),
      end(30, 'r1/oracle/2'),
      end(33, 'r1/oracle/3'),
      transition(34, 'explore', 0),
      transition(35, 'evaluate', 1),
      transition(36, 'explore', 1),
    ];
    expect(timingsFromAudit(audit)).toEqual({
      startup: { generation: 0, stage: 'featurize', seconds: 9, inStage: 7 },
      truthSeconds: [{ generation: 0, seconds: 20 }],
    });
  });

  it('knows nothing without a run start', () => {
    expect(timingsFromAudit([])).toEqual({ startup: null, truthSeconds: [] });
  });
});
