#!/usr/bin/env node
/** Entry point of `npm start`: see run-cli.ts. */
import { main } from './run-cli.js';

process.exitCode = await main(process.argv.slice(2));
