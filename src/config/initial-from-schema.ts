import { z } from 'zod';

const columnName = z.string().min(1, 'must not be empty');

/**
 * Start from the pool molecules named in this CSV's SMILES column (`column`, or `smiles_column`: the same
 * key under the name the dataset uses; as written in the dataset) instead of a random `initial` batch.
 * With `score_column` their labels are read from the file too: no oracle call, not counted against
 * `budget`. A relative path is relative to the config file. Resolved to `{ file, column, score_column? }`
 * so that a config written before `score_column` existed keeps its hash.
 */
export const initialFromSchema = z
  .strictObject({
    file: z.string().min(1, 'must not be empty'),
    column: columnName.optional(),
    smiles_column: columnName.optional(),
    score_column: columnName.optional(),
  })
  .refine((f) => f.column === undefined || f.smiles_column === undefined, {
    message: 'give the SMILES column once: column or smiles_column, not both',
    path: ['smiles_column'],
  })
  .transform(({ file, column, smiles_column, score_column }) => ({
    file,
    column: column ?? smiles_column ?? 'smiles',
    ...(score_column === undefined ? {} : { score_column }),
  }));
