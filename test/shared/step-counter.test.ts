/** The step counter's layout: steps stored per item, ended items close the total at the steps they ran. */
import { describe, expect, it } from 'vitest';
import { createStepCounter, readSteps, recordEnded, recordSteps } from '../../src/shared/step-counter.js';

describe('step counter', () => {
  it('sums steps over items; an item that stopped early leaves the total at its steps', () => {
    const buffer = createStepCounter(3);
    expect(readSteps(buffer, 50)).toEqual({ done: 0, total: 150, perItem: 50, items: 3, ended: 0, endedEarly: 0 });
    recordSteps(buffer, 0, 14);
    recordSteps(buffer, 2, 3);
    expect(readSteps(buffer, 50)).toMatchObject({ done: 17, total: 150, ended: 0 });
    recordEnded(buffer, 0, 30);
    recordEnded(buffer, 2, 50);
    expect(readSteps(buffer, 50)).toEqual({ done: 80, total: 130, perItem: 50, items: 3, ended: 2, endedEarly: 1 });
  });

  it('a retried item overwrites the steps its failed attempt left', () => {
    const buffer = createStepCounter(1);
    recordSteps(buffer, 0, 40);
    recordSteps(buffer, 0, 1);
    expect(readSteps(buffer, 50)).toMatchObject({ done: 1, total: 50 });
  });

  it('refuses an item out of range and an empty counter', () => {
    expect(() => recordSteps(createStepCounter(2), 2, 1)).toThrow('step counter item 2 out of range [0, 2)');
    expect(() => createStepCounter(0)).toThrow('a step counter needs >= 1 item, got 0');
  });
});
