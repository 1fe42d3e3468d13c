import { describe, expect, it } from 'vitest';
import { formatClockUtc, formatCount, formatDuration, formatMetric } from '../../src/dashboard/format.js';

describe('format', () => {
  it('formats durations at a sensible precision', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
    expect(formatDuration(0.414)).toBe('0.41 s');
    expect(formatDuration(10.25)).toBe('10 s');
    expect(formatDuration(9.96)).toBe('10.0 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(3725)).toBe('1 h 02 min');
    expect(formatDuration(2 * 86_400 + 3 * 3600)).toBe('2 d 3 h');
  });

  it('formats metrics with fixed decimals and a dash for null', () => {
    expect(formatMetric(0.61)).toBe('0.610');
    expect(formatMetric(null)).toBe('—');
    expect(formatMetric(undefined)).toBe('—');
    expect(formatMetric(-1.23456, 2)).toBe('-1.23');
  });

  it('formats counts and UTC clock times', () => {
    expect(formatCount(12345)).toBe('12\u202f345');
    expect([0, 7, 999, 1000, 49699.4, 1234567, -1234567, Number.NaN].map(formatCount)).toEqual([
      '0',
      '7',
      '999',
      '1\u202f000',
      '49\u202f699',
      '1\u202f234\u202f567',
      '-1\u202f234\u202f567',
      '—',
    ]);
    expect(formatClockUtc(Date.UTC(2026, 0, 1, 7, 8, 9))).toBe('07:08:09');
  });
});
