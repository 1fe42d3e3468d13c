/**
 * The `dataset` section's file variants: one library file (`path`) or several read as one pool
 * (`paths`), CSV, TSV or SMILES, each possibly gzipped, with the columns to read.
 */
import { z } from 'zod';

const columnName = z.string().min(1, 'must not be empty');

/** Keep a seeded random subset of this many molecules (quick runs, cost-scaling benchmarks); null keeps all. */
export const subsampleSchema = z.int().min(1).nullable().default(null);

/** A library file: CSV, TSV or SMILES (`.smi`: SMILES and an optional name), each possibly gzipped. */
const datasetPath = z
  .string()
  .min(1, 'must not be empty')
  .regex(/\.(csv|tsv|smi)(\.gz)?$/i, 'must name a .csv, .tsv or .smi file (or one of those gzipped)');

/** The field delimiter of .csv / .tsv files (one character, or `tab`); left out: a tab for .tsv, else a comma. */
const delimiter = z
  .string()
  .refine((d) => d === 'tab' || (d.length === 1 && !/["\r\n]/.test(d)), {
    message: 'must be one character other than a quote or a line end, or tab',
  })
  .optional();

const datasetColumns = {
  smiles_column: columnName.default('smiles'),
  label_column: columnName.optional(),
  id_column: columnName.optional(),
  keep_unlabeled: z.boolean().default(false),
  delimiter,
  subsample: subsampleSchema,
};

export const datasetFileSchema = z.strictObject({ path: datasetPath, ...datasetColumns });

/** Several library files read as one pool, in order (the first row of a SMILES wins over all of them). */
export const datasetFilesSchema = z.strictObject({
  paths: z.array(datasetPath).min(1, 'must name at least one file'),
  ...datasetColumns,
});
