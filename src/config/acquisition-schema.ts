/**
 * The `acquisition` section: the strategy that picks each later batch and its parameters (MolPAL's acquirer
 * options: beta, xi, epsilon, threshold, and the k-th best incumbent).
 */
import { z } from 'zod';

export const ACQUISITION_STRATEGIES = [
  'random',
  'greedy',
  'ucb',
  'uncertainty',
  'thompson',
  'ei',
  'pi',
  'threshold',
] as const;
export const INCUMBENT_RULES = ['best', 'kth'] as const;
export const PRUNE_UNCERTAINTIES = ['calibrated', 'model'] as const;

/**
 * `acquisition.prune`: after each round's predictions, the molecules whose chance of beating the k-th best
 * label so far is below `min_hit_probability` are left out of the later rounds (src/strategies/prune.ts).
 */
export const pruneSchema = z.strictObject({
  /** The hit probability under which a molecule is pruned (MolPAL's `prune_min_hit_prob`). */
  min_hit_probability: z.number().gt(0).lt(1),
  /** l of MolPAL's threshold, the l-th best label so far; null: the campaign's top-k (`resolveTopK`). */
  k: z.int().min(1).nullable().default(null),
  /**
   * The std of the hit probability: `calibrated`, the model's std scaled to the errors of its predictions
   * at acquisition and never below their RMS (nothing is pruned before one batch chosen on predictions has
   * labels); `model`, the model's std as it is (a forest's spread across trees is usually far too small for
   * this). A model with no spread at all (a single network) gets, under `calibrated`, that RMS as every std.
   */
  uncertainty: z.enum(PRUNE_UNCERTAINTIES).default('calibrated'),
  /**
   * Never prune below this many times the molecules the remaining batches may still acquire (keeping the
   * most probable), so the pool cannot run out and the later models still choose among many. The default
   * is the smallest of 10, 25 and 50 that came near the top-k found without pruning (bench/README.md).
   */
  floor: z.number().min(1).default(50),
});

export const acquisitionSchema = z
  .strictObject({
    strategy: z.enum(ACQUISITION_STRATEGIES).default('greedy'),
    /** UCB exploration weight: mean + beta * std. */
    beta: z.number().min(0).default(2),
    /** EI / PI improvement margin. */
    xi: z.number().min(0).default(0.01),
    /** Share of each batch taken uniformly at random from the candidates, the rest by the strategy (MolPAL's). */
    epsilon: z.number().min(0).max(1).default(0),
    /**
     * The threshold strategy's value to exceed, in label units (with `objective: minimize`, to fall below);
     * required by that strategy, ignored by the others.
     */
    threshold: z.number().nullable().default(null),
    /** EI / PI incumbent: the best label so far, or the `incumbent_k`-th best (MolPAL's `current_max`). */
    incumbent: z.enum(INCUMBENT_RULES).default('best'),
    /** k of `incumbent: kth`; `null`: the campaign's top-k (`resolveTopK`), as MolPAL does. */
    incumbent_k: z.int().min(1).nullable().default(null),
    /** Design-space pruning (MolPAL's, with a calibrated std and a floor); null: none. */
    prune: pruneSchema.nullable().default(null),
  })
  .superRefine((a, ctx) => {
    if (a.strategy === 'threshold' && a.threshold === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['threshold'],
        message: 'required by strategy: threshold (the label value a candidate should exceed)',
      });
    }
    if (a.prune !== null && (a.strategy === 'random' || a.epsilon === 1)) {
      ctx.addIssue({
        code: 'custom',
        path: ['prune'],
        message: "pruning needs the model's predictions; strategy random (or epsilon 1) never consults the model",
      });
    }
  })
  .prefault({});
