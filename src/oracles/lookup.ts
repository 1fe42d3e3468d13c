import type { Dataset } from '../data/load-dataset.js';
import type { Oracle } from './oracle.js';

/**
 * The dataset's label column as oracle (measured values, docking scores). A molecule without a label
 * is a failed oracle call.
 */
export function createLookupOracle(dataset: Pick<Dataset, 'labels'>): Oracle {
  return {
    kind: 'lookup',
    recomputable: true,
    label: (indices) =>
      Promise.resolve(
        indices.map((i) => {
          const v = dataset.labels[i];
          return v === undefined || Number.isNaN(v) ? null : v;
        }),
      ),
    truth: () => Promise.resolve(dataset.labels),
  };
}
