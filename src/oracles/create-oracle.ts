/**
 * The oracle a config names (`oracle.kind`), with the config's injected failures (`inject`) on top.
 * Adding a kind: its file in this folder and a case here.
 */
import type { LoadedConfig } from '../config/load-config.js';
import type { Dataset } from '../data/load-dataset.js';
import type { AttemptEvents } from '../pool/supervisor.js';
import type { Clock } from '../shared/clock.js';
import { createCommandOracleAdapter } from './command/command-oracle-adapter.js';
import type { BatchRunner } from './command/command-oracle.js';
import { createDesirabilityOracle } from './desirability.js';
import { withInjectedOracleFailures } from './inject-failures.js';
import { createLookupOracle } from './lookup.js';
import { createManualOracle } from './manual-oracle.js';
import type { Oracle } from './oracle.js';

/**
 * @param cacheDir where an oracle keeps what it computed between runs (the desirability truth).
 * @param events receive the command oracle's program runs as task attempts (the audit trail).
 * @param batchesDir where the manual oracle writes the batches it hands to a laboratory.
 * @param remoteBatch runs the command oracle's chunks elsewhere (`executor.oracle` of kind slurm or bullmq).
 */
export function createOracle(
  loaded: LoadedConfig,
  dataset: Dataset,
  cacheDir: string,
  events?: AttemptEvents,
  clock?: Clock,
  onCorrupt?: (message: string) => void,
  batchesDir: string = cacheDir,
  remoteBatch?: (generation: () => number) => BatchRunner,
): Oracle {
  const { oracle, inject, seed, limits } = loaded.config;
  const base = ((): Oracle => {
    switch (oracle.kind) {
      case 'lookup':
        return createLookupOracle(dataset);
      case 'desirability':
        return createDesirabilityOracle(dataset.smiles, cacheDir, onCorrupt);
      case 'command':
        return createCommandOracleAdapter(oracle, dataset, {
          retries: limits.oracle.retries,
          ...(events === undefined ? {} : { events }),
          ...(clock === undefined ? {} : { clock }),
          ...(remoteBatch === undefined ? {} : { remoteBatch }),
        });
      case 'manual':
        return createManualOracle(dataset, batchesDir);
    }
  })();
  return withInjectedOracleFailures(base, inject.oracle_failure_rate, seed);
}
