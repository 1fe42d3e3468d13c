/** A JSON file of a state folder, read for a view; a file that is not JSON is bad input, named. */
import { readFileSync } from 'node:fs';
import { AlcoveError } from '../shared/errors.js';

export function readJsonFile(path: string, shown: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new AlcoveError('BAD_INPUT', `${shown}: cannot be read as JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
