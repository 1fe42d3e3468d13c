/**
 * epsilon: a share of each batch taken uniformly at random, the rest by the strategy (MolPAL's epsilon,
 * generalised from greedy to every strategy).
 *
 * MolPAL (acquirer.py, `acquire_batch`) draws floor(batch * epsilon) indices over the whole pool first, gives
 * them an infinite score and lets the strategy fill the batch; a random index that lands on an explored
 * molecule is lost, so its random share can fall short. Here the strategy takes its part first and the
 * random part is drawn from the candidates it left, so the share is exactly `randomShareCount`.
 */
import type { Rng } from '../shared/rng.js';
import { selectTop } from './top-k-selection.js';

/**
 * How many of a batch of `batch` are random: floor(epsilon * batch), as in MolPAL, snapped to the nearest
 * integer when within floating-point noise of it (0.29 x 100 is 29, not 28). A batch of 1 is random only
 * at epsilon 1.
 */
export function randomShareCount(epsilon: number, batch: number): number {
  const exact = epsilon * batch;
  const nearest = Math.round(exact);
  const count = Math.abs(exact - nearest) <= 1e-9 * Math.max(1, exact) ? nearest : Math.floor(exact);
  return Math.max(0, Math.min(batch, count));
}

/**
 * `picks` (pool indices chosen by the strategy, best first) followed by `count` of the other candidates, drawn
 * uniformly without replacement. One uniform key per remaining candidate, in candidate order, the top `count`
 * keys taken, as the `random` strategy draws: with no picks this is exactly the `random` strategy's batch.
 */
export function addRandomShare(candidates: Int32Array, picks: Int32Array, count: number, rng: Rng): Int32Array {
  const taken = new Set(picks);
  const rest = candidates.filter((c) => !taken.has(c));
  const keys = new Float64Array(rest.length);
  for (let i = 0; i < keys.length; i++) keys[i] = rng.next();
  const positions = selectTop(keys, rest, count);
  const out = new Int32Array(picks.length + positions.length);
  out.set(picks);
  for (let i = 0; i < positions.length; i++) out[picks.length + i] = rest[positions[i] as number] as number;
  return out;
}
