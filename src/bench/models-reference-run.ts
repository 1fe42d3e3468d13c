/**
 * The reference's surrogate-model loop (`al_models.py` beside `al_reference.py`: the MolPAL protocol with a
 * numpy copy of MolPAL's network) as a benchmarked child process, under the same timing wrapper as the forest
 * reference. It prints a short line on stdout; the full result (pool size, learning curve, CPU seconds) is
 * read from the `--out` file it appends to.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runChild, tail, lastJsonObject } from './child-process.js';
import { singleThreadEnv, WRAPPER } from './reference-run.js';
import { NO_OVERHEAD_SHARES, isReferenceWrapperFigures, type RunFigures } from './run-reports.js';

/** The JSON line `al_models.py` writes to its `--out` file for one model and seed. */
export interface ModelsReferenceOutput {
  readonly n: number;
  readonly model: string;
  readonly seed: number;
  readonly seconds: { readonly featurize_pool_once: number; readonly train: number; readonly predict: number };
  readonly cpu_seconds: { readonly train: number; readonly predict: number };
  readonly history: readonly { readonly acquired: number; readonly smis: number; readonly scores: number }[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isModelsReferenceOutput(value: unknown): value is ModelsReferenceOutput {
  return (
    isRecord(value) &&
    typeof value.n === 'number' &&
    isRecord(value.seconds) &&
    typeof value.seconds.featurize_pool_once === 'number' &&
    isRecord(value.cpu_seconds) &&
    typeof value.cpu_seconds.train === 'number' &&
    typeof value.cpu_seconds.predict === 'number' &&
    Array.isArray(value.history)
  );
}

/** Script wall (imports excluded), one train and predict per acquired batch, CPU of train + predict. */
export function modelsReferenceFigures(
  out: ModelsReferenceOutput,
  wrapper: { readonly script_s: number; readonly max_rss_kb: number },
  processSeconds: number,
): RunFigures {
  const rounds = Math.max(0, out.history.length - 1);
  const last = out.history[out.history.length - 1];
  const feat = out.seconds.featurize_pool_once;
  return {
    wall_s: wrapper.script_s,
    process_s: processSeconds,
    featurize_rate: feat > 0 ? out.n / feat : null,
    featurize_s: feat,
    train_s_per_round: rounds > 0 ? out.seconds.train / rounds : null,
    predict_s_per_round: rounds > 0 ? out.seconds.predict / rounds : null,
    train_rounds: rounds,
    predict_rounds: rounds,
    ...NO_OVERHEAD_SHARES,
    max_rss_bytes: wrapper.max_rss_kb * 1024,
    model_cpu_s: out.cpu_seconds.train + out.cpu_seconds.predict,
    final_topk_scores: last?.scores ?? null,
    final_topk_smiles: last?.smis ?? null,
    history: out.history.map((h) => ({ labeled: h.acquired, topk_scores: h.scores, topk_smiles: h.smis })),
  };
}

/** One model and seed of `al_models.py` (`args` name the model and strategy; `--seeds` and `--out` are added). */
export async function runModelsReference(
  python: string,
  script: string,
  csv: string,
  args: readonly string[],
  seed: number,
  tmp: string,
  echo: boolean,
): Promise<{ figures: RunFigures; raw: unknown }> {
  const outFile = join(tmp, `al-models-${seed}-${process.hrtime.bigint()}.jsonl`);
  try {
    const argv = ['-c', WRAPPER, script, csv, ...args, '--seeds', String(seed), '--out', outFile];
    const result = await runChild(python, argv, { echoStderr: echo, env: singleThreadEnv() });
    if (result.code !== 0) {
      throw new Error(`al_models.py exited with ${result.code ?? result.signal}: ${tail(result.stderr)}`);
    }
    const lines = readFileSync(outFile, 'utf8').trim().split('\n');
    const out: unknown = JSON.parse(lines[lines.length - 1] ?? 'null');
    const wrapper = lastJsonObject(result.stderr);
    if (!isModelsReferenceOutput(out)) throw new Error(`al_models.py wrote no result: ${tail(result.stdout)}`);
    if (!isReferenceWrapperFigures(wrapper)) {
      throw new Error(`reference wrapper printed no figures: ${tail(result.stderr)}`);
    }
    return { figures: modelsReferenceFigures(out, wrapper, result.seconds), raw: { ...out, wrapper } };
  } finally {
    rmSync(outFile, { force: true });
  }
}
