/**
 * The sweep's scheduling block and the one dispatch decision built from it: off-peak holds for heavy runs,
 * priority from parameter matches.
 */
import { z } from 'zod';
import { decideOffPeak, type Decision, type OffPeakPolicy } from './off-peak.js';

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** `{ 'model.trees': [500, 1000] }`: a run matches when each listed key has one of the listed values. */
const matchSchema = z.record(z.string(), z.union([scalar, z.array(scalar)]));

export const schedulingSchema = z
  .strictObject({
    off_peak: z
      .strictObject({
        hours: z.string().regex(/^\d{1,2}:\d{2}-\d{1,2}:\d{2}$/, 'expected "HH:MM-HH:MM"'),
        weekends: z.boolean().default(false),
        max_wait_h: z.number().min(0).default(48),
        timezone: z.enum(['local', 'utc']).default('local'),
        /** Which runs are heavy (held); left out: every run. */
        heavy: matchSchema.optional(),
      })
      .nullable()
      .default(null),
    /** Rules, first match wins: `[{ when: { acquisition.strategy: greedy }, value: 10 }]`; default 0. */
    priority: z.array(z.strictObject({ when: matchSchema, value: z.number() })).default([]),
    /** Shrink limits that exceed the machine instead of refusing. */
    downsize: z.boolean().default(false),
  })
  .prefault({});

export type SchedulingConfig = z.output<typeof schedulingSchema>;
export type ParamMatch = z.output<typeof matchSchema>;

export function matches(params: Readonly<Record<string, unknown>>, when: ParamMatch): boolean {
  return Object.entries(when).every(([key, want]) => {
    const have = params[key];
    return Array.isArray(want) ? want.some((w) => w === have) : want === have;
  });
}

export function priorityOf(params: Readonly<Record<string, unknown>>, config: SchedulingConfig): number {
  return config.priority.find((rule) => matches(params, rule.when))?.value ?? 0;
}

export function isHeavy(params: Readonly<Record<string, unknown>>, config: SchedulingConfig): boolean {
  const heavy = config.off_peak?.heavy;
  return heavy === undefined ? true : matches(params, heavy);
}

export function offPeakPolicy(config: SchedulingConfig): OffPeakPolicy | null {
  const o = config.off_peak;
  return o === null ? null : { hours: o.hours, weekends: o.weekends, max_wait_h: o.max_wait_h, timezone: o.timezone };
}

/** The decision for one queued run. */
export function decideDispatch(
  params: Readonly<Record<string, unknown>>,
  queuedAt: number,
  now: number,
  config: SchedulingConfig,
): Decision {
  return decideOffPeak({ heavy: isHeavy(params, config), queuedAt }, now, offPeakPolicy(config));
}
