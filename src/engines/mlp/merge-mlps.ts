/**
 * Members trained apart (one `trainMlp(..., params, m)` call per member, e.g. on several workers) joined
 * into one ensemble, in the order given. The parts must come from the same data and parameters: same shape,
 * task, dropout, target and input scaling.
 */
import { AlcoveError } from '../../shared/errors.js';
import type { SerializedMlp } from '../../shared/mlp-types.js';
import { assertValidMlp } from './validate-mlp.js';

export function mergeMlps(parts: readonly SerializedMlp[]): SerializedMlp {
  const first = parts[0];
  if (first === undefined) throw new AlcoveError('BAD_INPUT', 'mlp: nothing to merge');
  parts.forEach((part, i) => {
    assertValidMlp(part);
    const mismatch = differsFrom(first, part);
    if (mismatch !== undefined) throw new AlcoveError('BAD_INPUT', `mlp: part ${i} has another ${mismatch}`);
  });
  return { ...first, members: parts.flatMap((p) => p.members) };
}

function differsFrom(a: SerializedMlp, b: SerializedMlp): string | undefined {
  if (a.kind !== b.kind || a.task !== b.task) return 'kind or task';
  if (a.sizes.length !== b.sizes.length || a.sizes.some((s, i) => s !== b.sizes[i])) return 'layer sizes';
  if (a.dropout !== b.dropout) return 'dropout';
  if (a.yMean !== b.yMean || a.ySd !== b.ySd) return 'target scaling';
  if (!sameArray(a.inputMean, b.inputMean) || !sameArray(a.inputScale, b.inputScale)) return 'input scaling';
  return undefined;
}

function sameArray(a: Float64Array | null, b: Float64Array | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}
