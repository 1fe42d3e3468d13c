import { describe, expect, it } from 'vitest';
import { ACQUISITION_STRATEGIES, UNCERTAINTY_STRATEGIES } from '../../src/config/campaign-schema.js';
import { needsUncertainty } from '../../src/strategies/acquisition.js';

describe('the config check of strategies that need uncertainty', () => {
  it('names the same strategies as the acquisition code', () => {
    expect([...UNCERTAINTY_STRATEGIES].sort()).toEqual(ACQUISITION_STRATEGIES.filter(needsUncertainty).sort());
  });
});
