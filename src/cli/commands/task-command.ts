/**
 * `alcove task FILE`: run one remote task file (what a SLURM array task runs) and write its result and
 * marker beside it. Exit 0 when the task ended `ok`, 1 when it ended in another class (the marker says
 * which), 130/143 when a signal stopped it first (no marker), 2 for a file that is not a task file.
 */
import { runTaskFile } from '../../remote/run-task-file.js';
import { AlcoveError } from '../../shared/errors.js';
import { EXIT, type CommandContext } from '../command-context.js';

export async function taskCommand(ctx: CommandContext): Promise<number> {
  const file = ctx.args.positionals[0];
  if (file === undefined) throw new AlcoveError('BAD_CONFIG', 'task: name the task file (alcove task FILE)');
  const run = await runTaskFile(file, ctx.signal);
  if (run.class === null) {
    ctx.err(`task ${run.id}: interrupted before its end, no marker written`);
    return ctx.exitOnSignal();
  }
  ctx.log(`task ${run.id}: ${run.class} in ${Math.round(run.ms)} ms`);
  return run.class === 'ok' ? EXIT.done : EXIT.failed;
}
