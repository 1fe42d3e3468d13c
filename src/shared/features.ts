/**
 * Feature matrices as they travel between the main thread and the workers.
 *
 * Fingerprints are packed bits, LSB-first within each byte, exactly as RDKit.js'
 * `get_*_fp_as_uint8array` returns them: bit `j` of row `i` is
 * `(data[i * bytesPerRow + (j >> 3)] >> (j & 7)) & 1`. Data buffers may live on a
 * SharedArrayBuffer so that workers read them without a copy.
 */
export interface BitMatrix {
  readonly kind: 'bits';
  readonly rows: number;
  readonly bits: number;
  readonly bytesPerRow: number;
  readonly data: Uint8Array;
}

export interface DenseMatrix {
  readonly kind: 'dense';
  readonly rows: number;
  readonly cols: number;
  /** Row-major, `rows * cols` values. */
  readonly data: Float64Array;
  readonly names: readonly string[];
}

export type FeatureMatrix = BitMatrix | DenseMatrix;

/** Heavy atoms above which a molecule is bad input (`featurizer.max_atoms`): no drug, and slow to fingerprint. */
export const DEFAULT_MAX_ATOMS = 1000;

/** What every featurizer shares; `max_atoms` left out means `DEFAULT_MAX_ATOMS`. */
interface SpecLimits {
  readonly max_atoms?: number | undefined;
}

export type FeaturizerSpec =
  | ({ readonly kind: 'morgan'; readonly radius: number; readonly bits: number } & SpecLimits)
  | ({
      readonly kind: 'atom-pair';
      readonly bits: number;
      readonly min_length: number;
      readonly max_length: number;
    } & SpecLimits)
  | ({ readonly kind: 'descriptors'; readonly names?: readonly string[] | undefined } & SpecLimits);

/**
 * A featurizer spec as hashed (features key, config hash): `max_atoms` at its default is left out, so
 * hashes from before the key existed still hold.
 */
export function hashedSpec<S extends SpecLimits>(spec: S): S {
  if (spec.max_atoms !== undefined && spec.max_atoms !== DEFAULT_MAX_ATOMS) return spec;
  const { max_atoms: _default, ...rest } = spec;
  return rest as S;
}

/** The matrix a featurizer gives: packed bits for fingerprints, floats for descriptors. */
export function matrixKindOf(spec: Pick<FeaturizerSpec, 'kind'>): FeatureMatrix['kind'] {
  return spec.kind === 'descriptors' ? 'dense' : 'bits';
}

export function bytesPerRow(bits: number): number {
  return Math.ceil(bits / 8);
}

export function getBit(m: BitMatrix, row: number, bit: number): number {
  return ((m.data[row * m.bytesPerRow + (bit >> 3)] ?? 0) >> (bit & 7)) & 1;
}
