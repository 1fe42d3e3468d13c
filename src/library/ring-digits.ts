/**
 * Shifting the ring-closure digits of a SMILES fragment, so that it can be written inside another
 * molecule's open rings without closing them by mistake (`c1ccc(-c1ccccc1)cc1` would be wrong; with the
 * aryl's digits shifted by 2 it reads `c1ccc(-c3ccccc3)cc1`). Digits inside `[...]` (isotopes, charges,
 * H counts) are not ring closures and are left alone; `%nn` closures are not used by the blocks and refused.
 */
import { AlcoveError } from '../shared/errors.js';

export function shiftRingDigits(smiles: string, by: number): string {
  let out = '';
  let inBracket = false;
  for (const ch of smiles) {
    if (ch === '[') inBracket = true;
    else if (ch === ']') inBracket = false;
    else if (ch === '%' && !inBracket)
      throw new AlcoveError('INTERNAL', `'%' ring closures are not supported: ${smiles}`);
    if (!inBracket && ch >= '0' && ch <= '9') {
      const shifted = Number(ch) + by;
      if (shifted > 9) throw new AlcoveError('INTERNAL', `ring digit ${ch} + ${by} goes past 9: ${smiles}`);
      out += String(shifted);
    } else out += ch;
  }
  return out;
}
