// Lint: type-aware rules for promises and imports, no import cycles, and the folder boundaries
// that ARCHITECTURE.md draws (engines run in worker threads; the machine is pure; views import no
// campaign code).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** The top-level folders of src, read here so that a new folder falls outside every allow-list at once. */
const SRC_FOLDERS = readdirSync(join(import.meta.dirname, 'src'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** Every src folder but `folder` itself and `allowed`. */
const allBut = (folder, allowed) => SRC_FOLDERS.filter((f) => f !== folder && !allowed.includes(f));

/** A `no-restricted-imports` pattern for imports of these src folders from any depth (`../x/`, `../../x/`). */
const folders = (names, message) => ({ group: names.map((name) => `**/${name}/**`), message });

/** The import rule for the files of `src/<folder>/`. */
const restrict = (folder, ...patterns) => ({
  files: [`src/${folder}/**/*.ts`],
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', 'state/**', 'test-artifacts/**', 'examples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // The clock owns time, timers included (STYLE.md 14).
      'no-restricted-globals': [
        'error',
        ...['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'].map((name) => ({
          name,
          message: 'Use the Clock passed in (src/shared/clock.ts), so that tests can drive time.',
        })),
      ],
    },
  },
  {
    // The clock itself, worker threads (no clock crosses into them) and the page's own browser script.
    files: ['src/shared/**/*.ts', 'src/engines/**/*.ts', 'src/dashboard/status-page-script.ts'],
    rules: { 'no-restricted-globals': 'off' },
  },
  restrict(
    'engines',
    folders(allBut('engines', ['shared']), 'Engines run in worker threads: they import only src/shared.'),
  ),
  restrict(
    'strategies',
    folders(allBut('strategies', ['shared']), 'Strategies are pure: they import only src/shared.'),
  ),
  restrict('shared', folders(allBut('shared', []), 'src/shared is the bottom layer: it imports no other src folder.')),
  restrict(
    'machine',
    folders(
      ['campaign', 'pool', 'state', 'records', 'oracles'],
      'The machine is pure: effects are actors, provided by src/campaign.',
    ),
    { group: ['fs', 'fs/*', 'node:fs', 'node:fs/*'], message: 'The machine is pure: it does no file I/O.' },
  ),
  restrict('dashboard', folders(['campaign'], 'Views are built from records and state, not from the campaign.')),
  restrict('records', folders(['campaign'], 'Records observe a campaign through its events; they do not import it.')),
  {
    files: ['eslint.config.js', 'scripts/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
