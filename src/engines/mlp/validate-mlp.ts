/**
 * Structural checks of a network received from another thread or loaded from disk: shapes and array types
 * must agree with `sizes`, so prediction can index the arrays without bounds checks of its own.
 */
import { AlcoveError } from '../../shared/errors.js';
import type { MlpMember, SerializedMlp } from '../../shared/mlp-types.js';

export function assertValidMlp(model: SerializedMlp): void {
  const problem = mlpProblem(model);
  if (problem !== undefined) throw new AlcoveError('BAD_INPUT', `mlp: ${problem}`);
}

/** Why `model` is malformed, or undefined when it is fine. */
export function mlpProblem(model: SerializedMlp): string | undefined {
  if (model.kind !== 'bits' && model.kind !== 'dense') return `unknown kind ${String(model.kind)}`;
  if (model.task !== 'regression' && model.task !== 'classification') return `unknown task ${String(model.task)}`;
  const { sizes } = model;
  if (!Array.isArray(sizes) || sizes.length < 2 || !sizes.every((s) => Number.isInteger(s) && s >= 1)) {
    return `bad layer sizes ${JSON.stringify(sizes)}`;
  }
  if (sizes[sizes.length - 1] !== 1) return `the output layer must have 1 unit, not ${sizes[sizes.length - 1]}`;
  if (!(model.dropout >= 0 && model.dropout < 1)) return `dropout ${model.dropout} is outside [0, 1)`;
  if (!Number.isFinite(model.yMean) || !(model.ySd > 0 && Number.isFinite(model.ySd))) {
    return `bad target scaling (mean ${model.yMean}, sd ${model.ySd})`;
  }
  const scalingProblem = inputScalingProblem(model);
  if (scalingProblem !== undefined) return scalingProblem;
  const members: readonly MlpMember[] = Array.isArray(model.members) ? model.members : [];
  if (members.length === 0) return 'no members';
  for (let m = 0; m < members.length; m++) {
    const p = memberProblem(members[m]!, sizes);
    if (p !== undefined) return `member ${m}: ${p}`;
  }
  return undefined;
}

function inputScalingProblem(model: SerializedMlp): string | undefined {
  const { inputMean, inputScale } = model;
  if (model.kind === 'bits') {
    return inputMean === null && inputScale === null ? undefined : 'a bits model has no input scaling';
  }
  const width = model.sizes[0]!;
  const ok = (a: unknown): boolean => a instanceof Float64Array && a.length === width;
  return ok(inputMean) && ok(inputScale) ? undefined : `a dense model needs Float64Array input scaling of ${width}`;
}

function memberProblem(member: MlpMember, sizes: readonly number[]): string | undefined {
  if (!Number.isInteger(member.seed)) return `bad seed ${member.seed}`;
  const layers = sizes.length - 1;
  if (member.weights.length !== layers || member.biases.length !== layers) return `needs ${layers} layers`;
  for (let l = 0; l < layers; l++) {
    const w = member.weights[l];
    const b = member.biases[l];
    if (!(w instanceof Float32Array) || w.length !== sizes[l]! * sizes[l + 1]!) {
      return `weights ${l} must be a Float32Array of ${sizes[l]! * sizes[l + 1]!}`;
    }
    if (!(b instanceof Float32Array) || b.length !== sizes[l + 1]!) {
      return `biases ${l} must be a Float32Array of ${sizes[l + 1]!}`;
    }
  }
  return undefined;
}
