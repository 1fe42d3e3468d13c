/**
 * Remote tasks: engine tasks and oracle chunks that run in another process (SLURM array tasks, BullMQ
 * workers). The task, its files and marker, how `alcove task` runs one, and the adapters from the
 * Executor and the command oracle to a `RemoteRunner`.
 */
export type {
  RemoteCommandSpec,
  RemoteMarker,
  RemoteOutcome,
  RemoteResult,
  RemoteRunner,
  RemoteSubmission,
  RemoteTask,
  RemoteTaskFile,
} from './remote-task.js';
export { campaignId, remoteTaskId, type TaskIdParts } from './task-id.js';
export {
  collectOutcome,
  listTaskDirs,
  MARKER_FILE,
  readMarker,
  readResult,
  readTaskFile,
  remoteDir,
  RESULT_FILE,
  TASK_FILE,
  taskDir,
  writeResult,
  writeTaskFile,
} from './task-files.js';
export { runRemoteTask, type RemoteRun } from './run-remote-task.js';
export { runTaskFile, type TaskFileRun } from './run-task-file.js';
export { alcoveCommand, type AlcoveCommand } from './alcove-command.js';
export { createRemoteBatchRunner, type RemoteBatchRunnerOptions } from './remote-batch-runner.js';
export { withRemoteStages } from './remote-exec.js';
