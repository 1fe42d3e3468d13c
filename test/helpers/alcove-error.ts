/** The check that a call is refused with an AlcoveError of a given code. */
import { expect } from 'vitest';
import { isAlcoveError } from '../../src/shared/errors.js';

/** Fails unless `fn` throws an AlcoveError whose code is `code`. */
export function expectAlcoveError(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (error) {
    expect(isAlcoveError(error)).toBe(true);
    expect((error as { code: string }).code).toBe(code);
    return;
  }
  throw new Error('expected an AlcoveError');
}
