import { fileURLToPath } from 'node:url';

/** The project folder (the one holding package.json), from src/shared or dist/shared alike. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
