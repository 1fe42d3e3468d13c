/** `alcove verify FILE.tar.gz [--json]`: integrity and completeness of a package, and the programs it would run. */
import { formatPackageVerify, verifyPackage } from '../../package/verify-package.js';
import { AlcoveError } from '../../shared/errors.js';
import { EXIT, type CommandContext } from '../command-context.js';

export async function verifyCommand(ctx: CommandContext): Promise<number> {
  const file = ctx.args.positionals[0];
  if (file === undefined)
    throw new AlcoveError('BAD_CONFIG', 'verify needs the package file: npm start -- verify FILE.tar.gz');
  let r;
  try {
    r = await verifyPackage(file, { signal: ctx.signal });
  } catch (error) {
    if (!ctx.signal.aborted) throw error;
    ctx.err('interrupted while reading the package');
    return ctx.exitOnSignal();
  }
  // --json: the result as data on stdout (problems and the programs it would run), the exit code as without.
  if (ctx.args.json) ctx.out(JSON.stringify({ file, ...r }, null, 2));
  else for (const line of formatPackageVerify(file, r)) (r.ok ? ctx.out : ctx.err)(line);
  return r.ok ? EXIT.done : EXIT.failed;
}
