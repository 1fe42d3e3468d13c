/**
 * Fuzz: campaign configs, sweeps and --set overrides. Random YAML documents, token soup, and random mutations of
 * the shipped configs (wrong types, unknown keys, huge numbers, aliases, deep nesting, byte edits) must load or be
 * refused with BAD_CONFIG, every line of the message naming the file (or the --set that was bad).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { parseConfigText } from '../../src/config/load-config.js';
import type { LoadedConfig } from '../../src/config/load-config.js';
import { parseSweepText } from '../../src/sweep/load-sweep.js';
import { AlcoveError } from '../../src/shared/errors.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { fuzzRuns, outcome, repoListing } from './fuzz-settings.js';
import { applyByteEdits, applyValueEdits, byteEdits, hostileValue, valueEdits } from './mutations.js';
import { insertAtLine, yamlSnippet } from './yaml-snippets.js';

const CONFIG_DIR = join(REPO_ROOT, 'configs');
const SHIPPED = readdirSync(CONFIG_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .map((name) => ({ file: join(CONFIG_DIR, name), text: readFileSync(join(CONFIG_DIR, name), 'utf8') }));
const SWEEP_FILE = join(CONFIG_DIR, 'sweeps', 'strategies.yaml');
const SWEEP_TEXT = readFileSync(SWEEP_FILE, 'utf8');
const before = repoListing();
afterAll(() => expect(repoListing()).toBe(before));

/** A loaded config, or BAD_CONFIG naming `file` (or the limits file it includes) on every line. */
function checkConfig(text: string, file: string, overrides: readonly string[] = []): LoadedConfig | AlcoveError {
  const result = outcome(() => parseConfigText(text, file, overrides, { cwd: REPO_ROOT }), ['BAD_CONFIG']);
  if (result instanceof AlcoveError) {
    for (const line of result.message.split('\n')) {
      const named = line.startsWith(file) || line.startsWith('--set ') || /^\/\S+\.ya?ml(:\d+:\d+)?: /.test(line);
      if (!named) throw new Error(`a message line that names no file: ${JSON.stringify(line)}`);
    }
  } else {
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(typeof result.config.seed).toBe('number');
  }
  return result;
}

/** The shipped config's data with edits, as YAML (stringify of plain, bounded data cannot fail). */
function editedYaml(text: string, edits: Parameters<typeof applyValueEdits>[1]): string {
  return stringifyYaml(applyValueEdits(parseYaml(text), edits), { aliasDuplicateObjects: false });
}

describe('config fuzz', () => {
  it('random YAML documents (random data, stringified)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.anything({ maxDepth: 3 })), (value) => {
        let text: unknown;
        try {
          text = stringifyYaml(value);
        } catch {
          return; // Not representable as YAML (a symbol, a function): not an input Alcove can be given.
        }
        if (typeof text === 'string') checkConfig(text, 'configs/random.yaml');
      }),
      fuzzRuns(100),
    );
  });

  it('token soup: YAML punctuation, aliases, tags and blanks in random order', () => {
    const token = fc.constantFrom(
      ...['[', ']', '{', '}', ':', ': ', '- ', ',', '&a', '*a', '&b ', '*b', '!!str', '!!map', '!', '|', '>', '#', '%'],
      ...["'", '"', '\n', '\r\n', '  ', '\t', '? ', '---', '...', 'seed', 'dataset', 'builtin', 'amide-library'],
      ...['1', '-1', '1e309', '.inf', 'null', '~', 'true', '\u0000', '\ufeff', '\u2028', 'é', '<<'],
    );
    fc.assert(
      fc.property(fc.string({ unit: token, maxLength: 120 }), (text) => {
        checkConfig(text, 'configs/soup.yaml');
      }),
      fuzzRuns(150),
    );
  });

  it('shipped configs with wrong types, unknown keys, huge values, deletions', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SHIPPED), valueEdits, ({ file, text }, edits) => {
        checkConfig(editedYaml(text, edits), file);
      }),
      fuzzRuns(200),
    );
  });

  it('shipped configs with aliases, tags, documents and deep nesting spliced in', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SHIPPED), yamlSnippet, fc.double({ min: 0, max: 1, noNaN: true }), (c, s, at) => {
        checkConfig(insertAtLine(c.text, s, at), c.file);
      }),
      fuzzRuns(100),
    );
  });

  it('shipped configs with byte edits', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SHIPPED), byteEdits, ({ file, text }, edits) => {
        checkConfig(applyByteEdits(Buffer.from(text), edits).toString('utf8'), file);
      }),
      fuzzRuns(100),
    );
  });

  it('--set overrides with hostile keys and values', () => {
    const key = fc.oneof(
      fc.constantFrom('seed', 'campaign.generations', 'dataset.path', 'limits.train.threads', '__proto__.x', 'a..b'),
      fc.string({ maxLength: 20 }),
    );
    const value = fc.oneof(
      hostileValue.map((v) => {
        try {
          return stringifyYaml(v, { lineWidth: 0 }).trimEnd();
        } catch {
          return '';
        }
      }),
      yamlSnippet,
      fc.string({ maxLength: 40 }),
    );
    const base = SHIPPED.find((c) => c.file.endsWith('default.yaml')) ?? SHIPPED[0];
    if (base === undefined) throw new Error('no shipped config');
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 3 }), (sets) => {
        checkConfig(
          base.text,
          base.file,
          sets.map(([k, v]) => `${k}=${v}`),
        );
      }),
      fuzzRuns(50),
    );
  });

  it('sweep files with edits', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          valueEdits.map((e) => editedYaml(SWEEP_TEXT, e)),
          yamlSnippet,
        ),
        (text) => {
          const result = outcome(() => parseSweepText(text, SWEEP_FILE), ['BAD_CONFIG']);
          if (!(result instanceof AlcoveError)) expect(result.space.total).toBeGreaterThan(0);
        },
      ),
      fuzzRuns(50),
    );
  });
});
