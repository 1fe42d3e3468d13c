import { selectTop } from '../../strategies/top-k-selection.js';
import type { PredictionRow } from '../../state/exports.js';
import type { Ranking } from './acquire-batch.js';

/** The best `count` candidates of a ranking by acquisition score (ties: lower pool index first). */
export function topOfRanking(ranking: Ranking, picks: readonly number[], count: number): PredictionRow[] {
  if (count <= 0) return [];
  const scores = ranking.scores();
  const chosen = new Set(picks);
  return Array.from(selectTop(scores, ranking.candidates, count), (j) => {
    const index = ranking.candidates[j] as number;
    return {
      index,
      score: scores[j] as number,
      mean: ranking.mean[j] as number,
      std: ranking.std[j] as number,
      chosen: chosen.has(index),
    };
  });
}
