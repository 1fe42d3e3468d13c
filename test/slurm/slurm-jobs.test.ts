/** SLURM's states and squeue's JSON, mapped onto Alcove's task classes; resources grown by a retry. */
import { describe, expect, it } from 'vitest';
import { executorSpecSchema, type SlurmExecutorSpec } from '../../src/config/executor-schema.js';
import { indexJobs, parseArrayString, parseSqueue, verdictOf } from '../../src/slurm/slurm-jobs.js';
import { resourceArgs, resourcesFor, slurmTime } from '../../src/slurm/slurm-resources.js';

const spec = (over: Record<string, unknown> = {}) =>
  executorSpecSchema.parse({ kind: 'slurm', ...over }) as SlurmExecutorSpec;

describe('verdictOf', () => {
  it.each([
    ['PENDING', 'active'],
    ['RUNNING', 'active'],
    ['COMPLETING', 'active'],
    ['TIMEOUT', 'timeout'],
    ['OUT_OF_MEMORY', 'oom'],
    ['NODE_FAIL', 'lost'],
    ['BOOT_FAIL', 'lost'],
    ['CANCELLED', 'interrupted'],
    ['FAILED', 'crash'],
    ['COMPLETED', 'lost'],
  ])('%s without a marker is %s', (state, expected) => {
    const v = verdictOf({ state, exitCode: 256 });
    expect(v.kind === 'active' ? 'active' : v.class).toBe(expected);
  });
});

describe('parseSqueue', () => {
  // The shape of SLURM 22.05's squeue --json, as seen on this machine (trimmed).
  const text = JSON.stringify({
    jobs: [
      {
        job_id: 7,
        array_job_id: 7,
        array_task_id: null,
        array_task_string: '2-4%2',
        name: 'alcove-c-x',
        job_state: 'PENDING',
        exit_code: 0,
      },
      {
        job_id: 8,
        array_job_id: 7,
        array_task_id: 0,
        array_task_string: '',
        name: 'alcove-c-x',
        job_state: 'COMPLETED',
        exit_code: 0,
      },
      {
        job_id: 9,
        array_job_id: 7,
        array_task_id: 1,
        array_task_string: '',
        name: 'alcove-c-x',
        job_state: ['FAILED'],
        exit_code: { return_code: 3 },
      },
      {
        job_id: 10,
        array_job_id: 0,
        array_task_id: null,
        array_task_string: '',
        name: 'someone-else',
        job_state: 'RUNNING',
        exit_code: 0,
      },
    ],
  });

  it("keeps the campaign's jobs and indexes every array task, pending ones included", () => {
    const jobs = parseSqueue(text, 'alcove-c-');
    expect(jobs.map((j) => j.jobId)).toEqual([7, 8, 9]);
    const index = indexJobs(jobs);
    expect([...index.keys()].sort()).toEqual(['7_0', '7_1', '7_2', '7_3', '7_4']);
    expect(index.get('7_3')?.state).toBe('PENDING');
    expect(index.get('7_1')).toMatchObject({ state: 'FAILED', exitCode: 3 << 8 });
  });

  it('reads array strings with ranges, lists, steps and a throttle', () => {
    expect(parseArrayString('0-3,7,9-13:2%4')).toEqual([0, 1, 2, 3, 7, 9, 11, 13]);
  });
});

describe('resourcesFor', () => {
  it("asks for the spec's memory and time, twice after a retry's scale, up to the caps", () => {
    const s = spec({ mem_mb: 512, time: 10, max_mem_mb: 1500, max_time: 15 });
    expect(resourcesFor(s, { mem: 1, time: 1 })).toEqual({ memMb: 512, timeMin: 10, cpus: 1 });
    expect(resourcesFor(s, { mem: 2, time: 1 })).toMatchObject({ memMb: 1024, timeMin: 10 });
    expect(resourcesFor(s, { mem: 4, time: 2 })).toMatchObject({ memMb: 1500, timeMin: 15 });
    // No caps given: at most 4x the spec's.
    expect(resourcesFor(spec({ time: 10 }), { mem: 1, time: 64 }).timeMin).toBe(40);
    expect(
      resourceArgs(spec({ partition: 'short', account: 'lab' }), resourcesFor(spec(), { mem: 1, time: 1 })),
    ).toEqual(['--mem=1024M', '--time=60', '--cpus-per-task=1', '--partition=short', '--account=lab']);
  });

  it('asks for seconds when the time is a fraction of a minute', () => {
    const s = spec({ time: 0.1 });
    expect(resourceArgs(s, resourcesFor(s, { mem: 1, time: 1 }))).toContain('--time=0:06');
    expect(resourceArgs(s, resourcesFor(s, { mem: 1, time: 2 }))).toContain('--time=0:12');
    expect(slurmTime(2.5)).toBe('2:30');
    expect(slurmTime(90)).toBe('90');
  });
});
