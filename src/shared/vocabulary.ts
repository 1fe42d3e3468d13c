/**
 * The words every folder shares (ARCHITECTURE.md defines them): the campaign's stages, the stages
 * that have limit profiles, and the class of a task attempt's outcome.
 */

/** The machine's working states, in the order a round visits them. */
export const STAGES = ['featurize', 'train', 'evaluate', 'explore'] as const;
export type Stage = (typeof STAGES)[number];

/** Stages with a limit profile of their own: the machine's stages and the oracle's work. */
export const LIMIT_STAGES = [...STAGES, 'oracle'] as const;
export type LimitStage = (typeof LIMIT_STAGES)[number];

/**
 * How a task attempt ended. `lost`: a remote task that vanished without its result (a node failure, a job
 * gone from the scheduler without a marker); nothing is known of the work, so it runs again as it was.
 */
export const TASK_CLASSES = ['ok', 'oom', 'timeout', 'crash', 'bad_input', 'error', 'interrupted', 'lost'] as const;
export type TaskClass = (typeof TASK_CLASSES)[number];
