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
    /**
     * Design-space pruning (MolPAL's): after each round's predictions, drop from the later rounds the
     * molecules whose predicted chance of beating the current top-k threshold is below this; null: none.
     */
    prune: z
      .strictObject({ min_hit_probability: z.number().gt(0).lt(1) })
      .nullable()
      .default(null),
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
