/** The stages and failure classes in the order the status page and the report list them. */
import type { Stage, TaskClass } from '../shared/vocabulary.js';
import type { StatusRound } from './status-input.js';

export const STAGE_NAMES = ['featurize', 'train', 'evaluate', 'explore'] as const satisfies readonly Stage[];
export const FAILURE_CLASSES = [
  'oom',
  'timeout',
  'crash',
  'bad_input',
  'error',
  'interrupted',
  'lost',
] as const satisfies readonly TaskClass[];

/** A round's seconds summed over the stages listed (a stage without a finite time counts 0). */
export function roundSeconds(round: StatusRound): number {
  let total = 0;
  for (const stage of STAGE_NAMES) {
    const s = round.seconds[stage];
    if (Number.isFinite(s)) total += s;
  }
  return total;
}
