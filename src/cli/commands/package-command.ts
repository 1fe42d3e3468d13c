/** `npm start -- package --state-dir DIR --out FILE.tar.gz`. */
import { resolve } from 'node:path';
import { createPackage } from '../../package/create-package.js';
import { AlcoveError } from '../../shared/errors.js';
import { EXIT, type CommandContext } from '../command-context.js';
import { checkStateDir } from '../check-state-dir.js';
import { shown } from '../show-path.js';

export async function packageCommand(ctx: CommandContext): Promise<number> {
  const { args, out, clock } = ctx;
  if (args.out === null) throw new AlcoveError('BAD_CONFIG', 'package needs --out FILE.tar.gz');
  checkStateDir(resolve(args.stateDir), { write: false });
  const t0 = clock.monotonic();
  const r = await createPackage(resolve(args.stateDir), resolve(args.out), clock);
  const dataset = r.datasetIncluded ? 'included' : 'recorded by sha256';
  out(
    `package: ${shown(resolve(args.out))} (${r.kind}, ${r.files} files, ${(r.bytes / 1024).toFixed(1)} KiB, ` +
      `dataset ${dataset}) in ${((clock.monotonic() - t0) / 1000).toFixed(2)} s`,
  );
  return EXIT.done;
}
