export type { Exec, Executor } from './executor.js';
export { createLocalExecutor, type LocalExecutorOptions } from './local-executor.js';
export { createPoolSet, type PoolSet } from './pool-set.js';
export { createInThreadPoolSet, type InThreadPoolSetOptions } from './in-thread-pool-set.js';
export { createWorkerPool, defaultWorkerFile, type TaskOutcome, type WorkerPool } from './worker-pool.js';
export { createSupervisor, range, type Supervisor, type SupervisedResult, type TaskKind } from './supervisor.js';
export { metered, type DispatchTiming, type RecordTask } from './dispatch-meter.js';
