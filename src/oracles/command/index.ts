export { createCommandOracle, commandSpecFromConfig, runCommandBatch } from './command-oracle.js';
export type {
  CommandAttempt,
  CommandBatchResult,
  CommandOracle,
  CommandOracleOptions,
  CommandResultClass,
  CommandRow,
  CommandSpec,
} from './command-oracle.js';
export { createCommandOracleAdapter, type CommandOracleAdapterOptions } from './command-oracle-adapter.js';
