import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { campaignConfigSchema } from '../../src/config/campaign-schema.js';
import type { CampaignConfigInput } from '../../src/config/campaign-schema.js';
import { parseConfigText } from '../../src/config/load-config.js';
import type { LoadedConfig } from '../../src/config/load-config.js';
import { commandSpecFromConfig } from '../../src/oracles/command/command-oracle.js';
import { AlcoveError } from '../../src/shared/errors.js';

const CWD = resolve(tmpdir(), 'alcove-cwd');
const FILE = 'configs/x.yaml';
const CONFIG_DIR = resolve(CWD, 'configs');
const BUILTIN = 'dataset: { builtin: amide-library }\n';

function parse(text: string, overrides: readonly string[] = []): LoadedConfig {
  return parseConfigText(text, FILE, overrides, { cwd: CWD });
}

function issuePaths(input: unknown): string[] {
  const r = campaignConfigSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
}

describe('oracle: { kind: command }', () => {
  it('fills the defaults', () => {
    const c = campaignConfigSchema.parse({
      dataset: { builtin: 'amide-library' },
      oracle: { kind: 'command', argv: ['dock'] },
    });
    expect(c.oracle).toEqual({
      kind: 'command',
      argv: ['dock'],
      timeout_s: 600,
      chunk: null,
      parallel: 1,
      memory_mb: null,
      id_column: 'id',
      score_column: 'score',
    });
    if (c.oracle.kind !== 'command') throw new Error('expected a command oracle');
    expect(commandSpecFromConfig(c.oracle)).toEqual({
      argv: ['dock'],
      timeoutMs: 600_000,
      memoryMb: null,
      columns: { idColumn: 'id', scoreColumn: 'score' },
    });
  });

  it('needs no label column on a CSV dataset', () => {
    const input: CampaignConfigInput = {
      dataset: { path: 'x.csv' },
      oracle: { kind: 'command', argv: ['./score.sh'] },
    };
    expect(campaignConfigSchema.safeParse(input).success).toBe(true);
  });

  it('names the bad keys', () => {
    const with_ = (oracle: Record<string, unknown>) =>
      issuePaths({ dataset: { builtin: 'amide-library' }, oracle: { kind: 'command', ...oracle } });
    expect(with_({})).toEqual(['oracle.argv']);
    expect(with_({ argv: [] })).toEqual(['oracle.argv']);
    expect(with_({ argv: [''] })).toEqual(['oracle.argv.0']);
    expect(with_({ argv: ['x', 'a\0b'] })).toEqual(['oracle.argv.1']);
    expect(with_({ argv: 'dock --fast' })).toEqual(['oracle.argv']);
    expect(with_({ argv: ['x'], timeout_s: 0 })).toEqual(['oracle.timeout_s']);
    expect(with_({ argv: ['x'], memory_mb: 0 })).toEqual(['oracle.memory_mb']);
    expect(with_({ argv: ['x'], memory_mb: 1.5 })).toEqual(['oracle.memory_mb']);
    expect(with_({ argv: ['x'], retries: 1 })).toEqual(['oracle']); // retries: limits.oracle.retries
    expect(with_({ argv: ['x'], shell: true })).toEqual(['oracle']);
    expect(
      issuePaths({
        dataset: { builtin: 'amide-library' },
        task: 'classification',
        oracle: { kind: 'command', argv: ['x'] },
      }),
    ).toEqual(['task']);
  });
});

describe('loading a command oracle config', () => {
  const argvOf = (loaded: LoadedConfig) => (loaded.config.oracle.kind === 'command' ? loaded.config.oracle.argv : null);

  it('resolves a relative program path against the config file, and nothing else', () => {
    const text = `${BUILTIN}oracle:\n  kind: command\n  argv: [./bin/score.sh, --input, ./data.txt, 'a;b']\n`;
    expect(argvOf(parse(text))).toEqual([join(CONFIG_DIR, 'bin', 'score.sh'), '--input', './data.txt', 'a;b']);
    expect(argvOf(parse(`${BUILTIN}oracle: { kind: command, argv: [../tools/dock] }\n`))).toEqual([
      join(CWD, 'tools', 'dock'),
    ]);
    expect(argvOf(parse(`${BUILTIN}oracle: { kind: command, argv: [tools/dock] }\n`))).toEqual([
      join(CONFIG_DIR, 'tools', 'dock'),
    ]);
  });

  it('leaves bare program names (looked up on PATH) and absolute paths alone', () => {
    expect(argvOf(parse(`${BUILTIN}oracle: { kind: command, argv: [python3, score.py] }\n`))).toEqual([
      'python3',
      'score.py',
    ]);
    expect(argvOf(parse(`${BUILTIN}oracle: { kind: command, argv: [/opt/vina/bin/vina] }\n`))).toEqual([
      '/opt/vina/bin/vina',
    ]);
  });

  it('resolves a program path given by --set against the working directory', () => {
    const file = `${BUILTIN}oracle: { kind: command, argv: [./a.sh] }\n`;
    expect(argvOf(parse(file, ['oracle.argv=[./b.sh, x]']))).toEqual([join(CWD, 'b.sh'), 'x']);
    expect(argvOf(parse(BUILTIN, ['oracle={kind: command, argv: [sub/c.sh]}']))).toEqual([join(CWD, 'sub', 'c.sh')]);
    // An override of another key keeps the file's (file-relative) path.
    const other = parse(file, ['oracle.timeout_s=5']).config.oracle;
    expect(other).toMatchObject({ argv: [join(CONFIG_DIR, 'a.sh')], timeout_s: 5 });
  });

  it('reports malformed argv from the file with its line', () => {
    let err: unknown;
    try {
      parse(`${BUILTIN}oracle:\n  kind: command\n  argv: []\n`);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AlcoveError);
    expect((err as AlcoveError).message).toMatch(/oracle\.argv.*line 4/s);
  });
});
