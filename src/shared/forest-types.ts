/** The random-forest contract shared by the worker engines and the main thread. */
export type ModelTask = 'regression' | 'classification';

/**
 * Tree learner for dense features: 'cart' is the presorted CART of grow-dense-tree.ts, 'ml-random-forest' the
 * older ml-random-forest / ml-cart path (per-tree feature subsets, O(n²) per node). Bit features ignore it.
 */
export type DenseEngine = 'cart' | 'ml-random-forest';

export interface ForestParams {
  readonly task: ModelTask;
  readonly trees: number;
  /** Maximum depth; the root is depth 0. `null` grows until leaves are pure or too small. */
  readonly maxDepth: number | null;
  /**
   * Candidate features per split: a fraction of all features in (0, 1], or 'sqrt' / 'log2'.
   * 1.0 considers every feature (scikit-learn's RandomForestRegressor default).
   */
  readonly maxFeatures: number | 'sqrt' | 'log2';
  readonly minSamplesLeaf: number;
  readonly bootstrap: boolean;
  readonly seed: number;
  /**
   * Absent means 'cart'. Left out rather than defaulted so that params without it hash as before
   * (content-addressed model keys hash the params object).
   */
  readonly denseEngine?: DenseEngine;
}

/**
 * A trained tree in flat arrays (structure-of-arrays, transferable between threads).
 * Node `i` is a leaf when `feature[i] === -1`; then `value[i]` is its prediction (the mean label,
 * for classification the share of class 1). Otherwise samples with `x[feature] <= threshold`
 * go to `left[i]`, others to `right[i]`. For bit features the threshold is 0.5 (bit off → left).
 */
export interface FlatTree {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
}

export interface SerializedForest {
  readonly kind: 'bits' | 'dense';
  readonly task: ModelTask;
  readonly features: number;
  readonly trees: readonly FlatTree[];
}

/** Per-molecule mean and spread of the per-tree predictions. */
export interface ForestPrediction {
  readonly mean: Float64Array;
  readonly std: Float64Array;
}
