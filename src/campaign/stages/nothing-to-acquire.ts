import { AlcoveError } from '../../shared/errors.js';

/** What became of the file's rows before the first batch: for the message when none is left. */
export interface PoolFacts {
  /** The dataset file, as the user named it. */
  readonly file: string;
  /** Data rows in the file. */
  readonly rows: number;
  /** Rows left out without a usable label, or kept unlabeled (failed oracle calls). */
  readonly unlabeled: number;
  /** Rows left out for an empty or repeated SMILES. */
  readonly leftOut: number;
}

/**
 * The refusal of a pool with no molecule to acquire, right after featurization and before any oracle
 * call: says how many rows the file had and where they went (invalid, unlabeled, held out).
 */
export function nothingToAcquireError(
  facts: PoolFacts | undefined,
  counts: { readonly molecules: number; readonly invalid: number; readonly heldOut: number },
): AlcoveError {
  const parts = [
    facts === undefined ? `${counts.molecules} molecules` : `${facts.rows} rows in ${facts.file}`,
    ...(facts !== undefined && facts.leftOut > 0 ? [`${facts.leftOut} left out (empty or repeated SMILES)`] : []),
    ...(facts !== undefined && facts.unlabeled > 0 ? [`${facts.unlabeled} unlabeled`] : []),
    `${counts.invalid} with invalid SMILES`,
    `${counts.heldOut} held out for testing`,
  ];
  return new AlcoveError(
    'NOTHING_TO_ACQUIRE',
    `nothing to acquire: ${parts.join(', ')}; no molecule is left for a first batch`,
  );
}
