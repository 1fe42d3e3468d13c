/**
 * Fuzz through the real CLI process, a few cases per kind of input (configs and datasets here, checkpoints and
 * packages in cli-state.fuzz.test.ts): each ends in their documented exit code (2 for bad input; verify 0/1/2) with messages and no stack trace,
 * and write nothing outside their temp folder (a refused checkpoint is left as it was).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { EXIT } from '../../src/cli/command-context.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { cliCaseFolders, expectMessages } from './cli-cases.js';
import { fuzzRuns } from './fuzz-settings.js';
import { applyValueEdits, valueEdits } from './mutations.js';
import { insertAtLine, yamlSnippet } from './yaml-snippets.js';

const caseDir = cliCaseFolders('cli-inputs');
const DEFAULT_CONFIG = readFileSync(join(REPO_ROOT, 'configs', 'default.yaml'), 'utf8');

describe('CLI fuzz: configs and datasets', () => {
  it('hostile configs: exit 2, nothing written', async () => {
    const config = fc.oneof(
      valueEdits.map((e) => stringifyYaml(applyValueEdits(parseYaml(DEFAULT_CONFIG), e))),
      fc
        .tuple(yamlSnippet, fc.double({ min: 0, max: 1, noNaN: true }))
        .map(([s, at]) => insertAtLine(DEFAULT_CONFIG, s, at)),
    );
    await fc.assert(
      fc.asyncProperty(config, async (text) => {
        const dir = caseDir();
        // An unknown key makes every case a refusal (none may start a campaign), wherever the edits failed.
        writeFileSync(join(dir, 'c.yaml'), `${text}\nfuzz_unknown_key: 1\n`);
        const r = await runCli(['--config', join(dir, 'c.yaml'), '--state-dir', join(dir, 'state'), '--quiet']);
        expect(r.code, r.stderr).toBe(EXIT.usage);
        expectMessages(r.stderr);
        expect(existsSync(join(dir, 'state'))).toBe(false);
      }),
      fuzzRuns(8),
    );
  });

  it('hostile datasets: exit 2, no checkpoint', async () => {
    const cell = fc.oneof(
      fc.constantFrom('1e309', 'inf', '-Infinity', 'NaN', 'abc', '"', '""', '', 'C,C', '\r'),
      fc.string({ maxLength: 8 }),
    );
    const rows = fc.array(fc.tuple(cell, fc.oneof(fc.constant('1'), cell)), { maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(rows, fc.constantFrom('\n', '\r\n'), fc.boolean(), async (extra, eol, bom) => {
        const dir = caseDir();
        // Two rows labelled 1 and extra rows whose labels are 1 or unusable: refused at load in any case.
        const lines = ['smiles,y', 'CCO,1', 'CCN,1', ...extra.map(([s, y]) => `${s},${y}`)];
        writeFileSync(join(dir, 'd.csv'), `${bom ? '\ufeff' : ''}${lines.join(eol)}${eol}`);
        writeFileSync(join(dir, 'c.yaml'), 'dataset: { path: d.csv, label_column: y }\nworkers: 1\n');
        const r = await runCli(['--config', join(dir, 'c.yaml'), '--state-dir', join(dir, 'state'), '--quiet']);
        expect(r.code, r.stderr).toBe(EXIT.usage);
        expectMessages(r.stderr);
        expect(existsSync(join(dir, 'state', 'state.json'))).toBe(false);
      }),
      fuzzRuns(5),
    );
  });
});
