#!/usr/bin/env node
/** Entry point of `npm start`: see run-cli.ts. */
import { reportError } from './report-error.js';
import { main } from './run-cli.js';

// An error thrown outside a command's own try (a stray rejection, an emitter's 'error') is a bug: one line
// and exit 1, as for any internal error, instead of Node's stack trace.
process.on('uncaughtException', (error) => {
  const code = reportError(error, process.argv.includes('--debug'), (line) => process.stderr.write(`${line}\n`));
  process.exit(code);
});

process.exitCode = await main(process.argv.slice(2));
