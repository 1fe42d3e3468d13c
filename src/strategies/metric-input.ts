/** Input checks shared by the metric functions. */
import { AlcoveError } from '../shared/errors.js';

export function checkSameLength(what: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) {
    throw new AlcoveError('BAD_INPUT', `${what}: ${a.length} true values but ${b.length} predictions`);
  }
}

export function checkFinite(what: string, name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) throw new AlcoveError('BAD_INPUT', `${what}: ${name}[${i}] = ${v} is not finite`);
  }
}
