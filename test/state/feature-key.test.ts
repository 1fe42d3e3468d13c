import { describe, expect, it } from 'vitest';
import { featuresKey } from '../../src/state/feature-cache.js';
import { DEFAULT_MAX_ATOMS } from '../../src/shared/features.js';

describe('featuresKey and featurizer.max_atoms', () => {
  const smiles = ['CCO', 'c1ccccc1'];
  const morgan = { kind: 'morgan', radius: 2, bits: 2048 } as const;

  it('is the key of before max_atoms existed when max_atoms has its default', () => {
    // The key of this spec and list as computed before the key existed.
    const before = 'b0875456436072793f629e5f06ece30ffc475b6fb76a5832412f3989313da2e6';
    expect(featuresKey(smiles, morgan)).toBe(before);
    expect(featuresKey(smiles, { ...morgan, max_atoms: DEFAULT_MAX_ATOMS })).toBe(before);
  });

  it('changes when max_atoms is not the default', () => {
    expect(featuresKey(smiles, { ...morgan, max_atoms: 50 })).not.toBe(featuresKey(smiles, morgan));
  });
});
