/**
 * The JSON Schemas in schema/ are what the zod schemas generate (regenerate with `npm run schemas`), are
 * well-formed JSON Schema (ajv compiles them strictly), accept every shipped config and refuse bad ones; each
 * shipped config names its schema for editors.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { schemaText, SCHEMA_KINDS, type SchemaKind } from '../../src/cli/schemas.js';
import { REPO_ROOT } from '../helpers/cli.js';

const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
const committed = (kind: SchemaKind) => readFileSync(join(REPO_ROOT, 'schema', `${kind}.schema.json`), 'utf8');
const validator = (kind: SchemaKind) => ajv.compile(JSON.parse(committed(kind)) as object);

const configs = readdirSync(join(REPO_ROOT, 'configs')).filter((f) => f.endsWith('.yaml'));
const sweeps = readdirSync(join(REPO_ROOT, 'configs', 'sweeps')).filter((f) => f.endsWith('.yaml'));
const shipped: { file: string; kind: SchemaKind }[] = [
  ...configs.map((f) => ({
    file: join('configs', f),
    kind: f === 'limits.yaml' ? ('limits' as const) : ('campaign' as const),
  })),
  ...sweeps.map((f) => ({ file: join('configs', 'sweeps', f), kind: 'sweep' as const })),
];

describe('JSON Schemas', () => {
  it('the committed files are the generated ones (npm run schemas rewrites them)', () => {
    for (const kind of SCHEMA_KINDS) expect(committed(kind), kind).toBe(schemaText(kind));
  });

  it('every shipped config validates against its schema and names it on its first line', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(8);
    for (const { file, kind } of shipped) {
      const text = readFileSync(join(REPO_ROOT, file), 'utf8');
      const validate = validator(kind);
      expect(validate(parse(text)), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
      const line = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text);
      expect(line, file).not.toBeNull();
      expect(resolve(dirname(join(REPO_ROOT, file)), line?.[1] ?? '')).toBe(
        join(REPO_ROOT, 'schema', `${kind}.schema.json`),
      );
      expect(existsSync(join(REPO_ROOT, 'schema', `${kind}.schema.json`))).toBe(true);
    }
  });

  it('refuses bad configs: an unknown key, a wrong enum, a wrong type, a missing dataset', () => {
    const campaign = validator('campaign');
    const base = parse(readFileSync(join(REPO_ROOT, 'configs', 'default.yaml'), 'utf8')) as Record<string, unknown>;
    expect(campaign(base)).toBe(true);
    const bad: [string, unknown][] = [
      ['unknown key', { ...base, generations: 3 }],
      ['wrong enum', { ...base, acquisition: { strategy: 'greedyy' } }],
      ['wrong type', { ...base, seed: 'zero' }],
      ['nested unknown key', { ...base, model: { kind: 'random-forest', tres: 10 } }],
      ['no dataset', { name: 'x' }],
      ['dataset not csv', { dataset: { path: 'x.txt' } }],
    ];
    for (const [why, config] of bad) expect(campaign(config), why).toBe(false);
    expect(campaign({ ...base, limits: 'limits.yaml' }), 'limits as a file name').toBe(true);
    const sweep = validator('sweep');
    expect(sweep({ base: 'x.yaml', grid: { 'acquisition.strategy': ['greedy'] } })).toBe(true);
    expect(sweep({ base: 'x.yaml', grid: { 'not a key path': [1] } })).toBe(false);
    expect(sweep({ base: 'x.yaml', concurrency: 0 })).toBe(false);
  });
});
