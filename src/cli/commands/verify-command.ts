/** `npm start -- verify FILE.tar.gz`: integrity and completeness of a package. */
import { formatPackageVerify, verifyPackage } from '../../package/verify-package.js';
import { AlcoveError } from '../../shared/errors.js';
import { EXIT, type CommandContext } from '../command-context.js';

export function verifyCommand(ctx: CommandContext): number {
  const file = ctx.args.positionals[0];
  if (file === undefined)
    throw new AlcoveError('BAD_CONFIG', 'verify needs the package file: npm start -- verify FILE.tar.gz');
  const r = verifyPackage(file);
  for (const line of formatPackageVerify(file, r)) (r.ok ? ctx.out : ctx.err)(line);
  return r.ok ? EXIT.done : EXIT.failed;
}
