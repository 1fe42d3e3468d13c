export type { BatchPredictions, LabelOptions, Oracle, OracleResult, ResultSink } from './oracle.js';
export { fanOut, type ChunkOutcome, type FanOutOptions } from './fan-out.js';
export { openOracleJournal, readJournal, type JournalEntry, type OracleJournal } from './oracle-journal.js';
export { createManualOracle, isOracleWaiting, OracleWaiting } from './manual-oracle.js';
export { createOracle } from './create-oracle.js';
export { createLookupOracle } from './lookup.js';
export { createDesirabilityOracle } from './desirability.js';
export { withInjectedOracleFailures } from './inject-failures.js';
export {
  commandSpecFromConfig,
  createCommandOracle,
  createCommandOracleAdapter,
  runCommandBatch,
  type CommandAttempt,
  type CommandOracle,
  type CommandSpec,
} from './command/index.js';
