/** YAML a user (or an attacker) can hand Alcove: each ends in one BAD_CONFIG line naming the file. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, parseConfigText } from '../../src/config/load-config.js';
import { parseOverride } from '../../src/config/overrides.js';
import { YAML_LIMITS } from '../../src/config/read-yaml.js';
import { parseSweepText } from '../../src/sweep/load-sweep.js';
import { AlcoveError } from '../../src/shared/errors.js';
import { ALIAS_BOMB } from '../helpers/hostile-inputs.js';

const FILE = 'configs/x.yaml';
const BUILTIN = 'dataset: { builtin: amide-library }\n';

function refusal(fn: () => unknown): AlcoveError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AlcoveError) return error;
    throw new Error(`expected an AlcoveError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected an AlcoveError');
}

function configRefusal(text: string): string {
  const err = refusal(() => parseConfigText(text, FILE, [], { cwd: tmpdir() }));
  expect(err.code).toBe('BAD_CONFIG');
  expect(err.message.split('\n')).toHaveLength(1);
  expect(err.message.startsWith(FILE)).toBe(true);
  return err.message;
}

describe('hostile YAML configs', () => {
  it('refuses an alias bomb ("billion laughs") instead of a ReferenceError', () => {
    expect(configRefusal(ALIAS_BOMB)).toMatch(/YAML aliases expand past 100 nodes/);
    expect(refusal(() => parseSweepText(ALIAS_BOMB, 'sweep.yaml')).message).toMatch(/^sweep\.yaml: YAML aliases/);
    expect(refusal(() => parseOverride(`seed=${ALIAS_BOMB.replaceAll('\n', ', ')}`)).code).toBe('BAD_CONFIG');
  });

  it('refuses absurd nesting, in flow and block style, before anything recurses', () => {
    const flow = `seed: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    expect(configRefusal(flow)).toMatch(/^configs\/x\.yaml:1:\d+: YAML nested more than 64 levels deep$/);
    const block = Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n';
    expect(configRefusal(block)).toMatch(/YAML nested more than 64 levels deep/);
    expect(configRefusal(`${'- '.repeat(500)}x\n`)).toMatch(/nested more than 64/);
  });

  it('refuses aliases that nest past the limit or make a cycle', () => {
    expect(configRefusal(`${BUILTIN}limits: &a { train: [*a] }\n`)).toMatch(
      /limits\.train\[0\]: a YAML alias refers to a value that contains it/,
    );
    const levels = 'abcdefg'.split('').map((c, i) => {
      const inner = i === 0 ? '1' : `*${'abcdefg'[i - 1] ?? 'a'}`;
      return `${c}: &${c} ${'['.repeat(10)}${inner}${']'.repeat(10)}`;
    });
    expect(configRefusal(levels.join('\n'))).toMatch(/nested more than 64 levels deep \(through aliases\)/);
  });

  it('refuses a top level that is not a mapping, naming what it is', () => {
    expect(configRefusal('- 1\n- 2\n')).toBe(
      `${FILE}: (top level): must be a mapping of keys (key: value lines), not a list`,
    );
    expect(configRefusal('42\n')).toMatch(/not the value 42$/);
    expect(configRefusal('just text\n')).toMatch(/not the text "just text"$/);
  });

  it('refuses duplicate keys, a second document and oversized text with the line', () => {
    expect(configRefusal('seed: 1\nseed: 2\n')).toMatch(
      /^configs\/x\.yaml:2:1: YAML syntax error: Map keys must be unique/,
    );
    expect(configRefusal(`${BUILTIN}---\nseed: 2\n`)).toMatch(
      /^configs\/x\.yaml:2:1: YAML syntax error: more than one/,
    );
    expect(configRefusal(`seed: "${'x'.repeat(YAML_LIMITS.maxBytes)}"\n`)).toMatch(/more than a YAML config may be/);
  });
});

describe('config paths that are not files', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'alcove-hostile-yaml-'));
    await mkdir(join(dir, 'folder.yaml'));
    await mkdir(join(dir, 'limits.yaml'));
    await writeFile(join(dir, 'with-limits.yaml'), `${BUILTIN}limits: limits.yaml\n`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names a config path that is a folder', async () => {
    await expect(loadConfig(join(dir, 'folder.yaml'))).rejects.toMatchObject({
      code: 'BAD_CONFIG',
      message: expect.stringMatching(/folder\.yaml: config file is a folder, not a file/) as unknown,
    });
  });

  it('names a limits file that is a folder', async () => {
    await expect(loadConfig(join(dir, 'with-limits.yaml'))).rejects.toMatchObject({
      code: 'BAD_CONFIG',
      message: expect.stringMatching(/limits: cannot read .*limits\.yaml: is a folder, not a file/) as unknown,
    });
  });
});
