/**
 * How another process (a SLURM array task, a script) runs `alcove task FILE` with this very
 * installation: the same Node binary and the same entry, compiled `dist/cli/main.js` in production, or
 * `src/cli/main.ts` under tsx when this code runs as TypeScript (tests, `npm start`). The project folder
 * must be reachable from the nodes at the same path (like the state folder).
 */
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../shared/repo-root.js';

const isTypeScript = import.meta.url.endsWith('.ts');

export interface AlcoveCommand {
  /** The program and its arguments, before the command's own (`task`, FILE). */
  readonly argv: readonly string[];
  /** Where to start it: `--import tsx` is resolved from the project folder. */
  readonly cwd: string;
}

export function alcoveCommand(): AlcoveCommand {
  const main = fileURLToPath(new URL(`../cli/main.${isTypeScript ? 'ts' : 'js'}`, import.meta.url));
  return {
    argv: [process.execPath, ...(isTypeScript ? ['--import', 'tsx'] : []), main],
    cwd: REPO_ROOT,
  };
}
