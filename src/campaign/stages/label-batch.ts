/**
 * Labeling a batch through the oracle journal: molecules with a final journaled result are not asked
 * again (a resumed or retried explore); the rest go to the oracle (a recomputable one, such as a lookup,
 * bypasses the journal), whose results are journaled as they
 * arrive (per chunk, durable) or, for an oracle that reports nothing on the way, when it answers. An
 * oracle that is waiting for a laboratory leaves the batch pending.
 */
import { isOracleWaiting } from '../../oracles/manual-oracle.js';
import type { BatchPredictions, Oracle, OracleResult } from '../../oracles/oracle.js';
import type { JournalEntry, OracleJournal } from '../../oracles/oracle-journal.js';
import type { Exec } from '../../pool/executor.js';
import type { Clock } from '../../shared/clock.js';
import type { StringColumn } from '../../shared/smiles-store.js';

export interface LabelDeps {
  readonly oracle: Oracle;
  /** None: nothing is journaled (tests of a stage alone). */
  readonly journal?: OracleJournal;
  /** Pool ids, for the journal's lines. */
  readonly ids?: StringColumn;
  readonly clock: Pick<Clock, 'monotonic'>;
}

export interface Labeled {
  readonly labels: (number | null)[];
  readonly failures: number;
  /** The oracle has not answered all of them yet (a laboratory): nothing is labeled. */
  readonly waiting?: { readonly file: string; readonly pending: number; readonly batch: number };
}

function pick(predicted: BatchPredictions | undefined, of: readonly number[], all: readonly number[]) {
  if (predicted === undefined) return undefined;
  const at = new Map(all.map((i, j) => [i, j]));
  const j = of.map((i) => at.get(i) ?? -1);
  return { mean: j.map((k) => predicted.mean[k] ?? Number.NaN), std: j.map((k) => predicted.std[k] ?? Number.NaN) };
}

/** The oracle's labels for `indices` (journaled ones reused), and how many of its calls failed (null labels). */
export async function labelBatch(
  deps: LabelDeps,
  indices: readonly number[],
  exec: Exec,
  predicted?: BatchPredictions,
): Promise<Labeled> {
  const { oracle } = deps;
  const journal = oracle.recomputable === true ? undefined : deps.journal;
  const known = new Map<number, number | null>();
  for (const i of indices) {
    const entry = journal?.final(i);
    if (entry !== undefined) known.set(i, entry.value);
  }
  const pending = [...new Set(indices.filter((i) => !known.has(i)))];
  if (pending.length > 0) {
    const entryOf = (r: OracleResult): JournalEntry => ({
      ...r,
      id: deps.ids?.at(r.index) ?? String(r.index),
      generation: exec.generation,
    });
    const reported = new Set<number>();
    const onResults = async (results: readonly OracleResult[]) => {
      for (const r of results) reported.add(r.index);
      await journal?.append(results.map(entryOf));
    };
    const t0 = deps.clock.monotonic();
    let values: (number | null)[];
    try {
      const sub = pick(predicted, pending, indices);
      values = await oracle.label(pending, exec, { onResults, ...(sub === undefined ? {} : { predicted: sub }) });
    } catch (error) {
      if (!isOracleWaiting(error)) throw error;
      return { labels: [], failures: 0, waiting: { file: error.file, pending: pending.length, batch: indices.length } };
    }
    const seconds = (deps.clock.monotonic() - t0) / 1000 / pending.length;
    const unreported = pending.flatMap((index, j): OracleResult[] => {
      if (reported.has(index)) return [];
      const value = values[j] ?? null;
      return [{ index, value, class: value === null ? 'error' : 'ok', attempt: 1, seconds }];
    });
    await journal?.append(unreported.map(entryOf));
    pending.forEach((i, j) => known.set(i, values[j] ?? null));
  }
  const labels = indices.map((i) => known.get(i) ?? null);
  return { labels, failures: labels.filter((l) => l === null).length };
}
