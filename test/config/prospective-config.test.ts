/** The campaign keys of prospective campaigns: budgets, schedules, imports, convergence, exports. */
import { resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { batchSpecAt, resolveCallBudget } from '../../src/config/batch-schedule.js';
import { parseConfigText } from '../../src/config/load-config.js';
import { isAlcoveError } from '../../src/shared/errors.js';

const CWD = resolve(tmpdir(), 'alcove-cwd');
const parse = (campaign: string) =>
  parseConfigText(`dataset: { builtin: amide-library }\ncampaign: ${campaign}\n`, 'configs/x.yaml', [], { cwd: CWD });

function messageOf(campaign: string): string {
  try {
    parse(campaign);
  } catch (error) {
    if (isAlcoveError(error)) return error.message;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('prospective campaign keys', () => {
  it('resolves a batch schedule by generation, the last entry repeating', () => {
    const { campaign } = parse('{ batch: [5, 0.1, 20] }').config;
    expect(campaign.batch).toEqual([5, 0.1, 20]);
    expect([1, 2, 3, 4, 9].map((g) => batchSpecAt(campaign, g))).toEqual([5, 0.1, 20, 20, 20]);
    expect(batchSpecAt({ batch: 7 }, 3)).toBe(7);
    expect(messageOf('{ batch: [] }')).toMatch(/campaign\.batch.*at least one size/);
    expect(messageOf('{ batch: [5, 2.5] }')).toMatch(/campaign\.batch/);
  });

  it('takes the budget as a count or a fraction of the pool', () => {
    expect(resolveCallBudget(parse('{ budget: 120 }').config.campaign, 4000)).toBe(120);
    expect(resolveCallBudget(parse('{ budget: 0.1 }').config.campaign, 4000)).toBe(400);
    expect(resolveCallBudget(parse('{}').config.campaign, 4000)).toBeNull();
    expect(messageOf('{ budget: 12.5 }')).toMatch(/campaign\.budget/);
    expect(messageOf('{ budget: 0 }')).toMatch(/campaign\.budget/);
  });

  it('reads initial_from as { file, column } or { file, smiles_column, score_column }', () => {
    const old = parse('{ initial_from: { file: s.csv, column: smi } }').config.campaign.initial_from;
    expect(old).toEqual({ file: resolve(CWD, 'configs/s.csv'), column: 'smi' });
    const scored = parse('{ initial_from: { file: s.csv, smiles_column: smi, score_column: y } }').config.campaign;
    expect(scored.initial_from).toEqual({ file: resolve(CWD, 'configs/s.csv'), column: 'smi', score_column: 'y' });
    expect(parse('{ initial_from: { file: s.csv } }').config.campaign.initial_from?.column).toBe('smiles');
    expect(messageOf('{ initial_from: { file: s.csv, column: a, smiles_column: b } }')).toMatch(
      /campaign\.initial_from\.smiles_column: give the SMILES column once/,
    );
  });

  it('keeps the config hash of a campaign that sets none of them, and changes it for each that is set', () => {
    const plain = parse('{ initial: 10 }').sha256;
    expect(parse('{ initial: 10, initial_from: null }').sha256).toBe(plain);
    for (const set of [
      'budget: 50',
      'hit_threshold: -9',
      'convergence: { window: 3 }',
      'export_top: 10',
      'batch: [0.01]',
    ]) {
      expect(parse(`{ initial: 10, ${set} }`).sha256, set).not.toBe(plain);
    }
    expect(parse('{ convergence: {} }').config.campaign.convergence).toEqual({ window: 3, delta: 0.01 });
  });
});
