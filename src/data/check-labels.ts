/**
 * Labels a campaign cannot learn from, refused when the dataset loads rather than found out rounds later.
 *
 * - classification: every label must be 0 or 1, and both classes must be there. With one class the
 *   forest predicts it everywhere, every molecule ties, and the screening metrics (ties with the k-th
 *   count as found) report a perfect top-k whatever was acquired.
 * - regression: labels that are all one value are refused for the same reason: nothing to rank, and a
 *   trivially perfect top-k. Refused rather than warned about, because no result of such a run means
 *   anything.
 *
 * Only labels a lookup oracle will hand out are checked (the unlabeled rows `keep_unlabeled` keeps are
 * not), and fewer than two labels are left for the campaign to report.
 */
import { AlcoveError } from '../shared/errors.js';
import type { Dataset } from './dataset.js';

export type LabelProblem = 'regression' | 'classification';

export interface LabelCheck {
  readonly task: LabelProblem;
  /** The label column's name, for messages. */
  readonly column: string;
  /** Set when the pool is a subsample of the file, for messages. */
  readonly subsampled?: boolean;
}

export function checkLabels(dataset: Pick<Dataset, 'path' | 'labels' | 'sourceRows'>, check: LabelCheck): void {
  const where = `${dataset.path}: column "${check.column}" (dataset.label_column)`;
  const values = new Map<number, number>();
  for (let i = 0; i < dataset.labels.length; i++) {
    const v = dataset.labels[i] as number;
    if (Number.isNaN(v)) continue;
    if (check.task === 'classification' && v !== 0 && v !== 1) {
      throw new AlcoveError(
        'BAD_DATA',
        `${where}, row ${dataset.sourceRows[i] ?? '?'}: label ${v} is not 0 or 1 (task: classification)`,
      );
    }
    values.set(v, (values.get(v) ?? 0) + 1);
  }
  const labeled = [...values.values()].reduce((a, b) => a + b, 0);
  if (values.size !== 1 || labeled < 2) return;
  const [only] = values.keys();
  const of = check.subsampled === true ? ' of the subsample (dataset.subsample)' : '';
  if (check.task === 'classification') {
    const other = only === 1 ? 0 : 1;
    throw new AlcoveError(
      'BAD_DATA',
      `${where}: all ${labeled} labels${of} are class ${only}, none is class ${other}; ` +
        'a classification campaign needs both classes',
    );
  }
  throw new AlcoveError(
    'BAD_DATA',
    `${where}: all ${labeled} labels${of} are ${only}; a regression campaign needs labels that differ ` +
      '(with one value every molecule ties and the top-k is trivially perfect)',
  );
}
