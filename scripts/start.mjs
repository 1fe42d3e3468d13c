// `npm start -- ARGS`: the alcove command, after building dist/ only if a source changed since the last
// build (see dist-build.mjs); then dist/cli/main.js runs in this same process with the same arguments.
import process from 'node:process';
import { ensureDist } from './dist-build.mjs';

try {
  ensureDist();
} catch (error) {
  process.stderr.write(`alcove: ${error.message}\n`);
  process.exit(1);
}
await import('../dist/cli/main.js');
