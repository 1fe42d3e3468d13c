export type { Oracle } from './oracle.js';
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
