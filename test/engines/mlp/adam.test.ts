import { describe, expect, it } from 'vitest';
import { adamStep, createAdam, KERAS_ADAM } from '../../../src/engines/mlp/adam.js';
import type { MlpGradients } from '../../../src/engines/mlp/backward-pass.js';
import type { MlpNetwork } from '../../../src/engines/mlp/mlp-network.js';

/** sizes [1, 1, 1]: one hidden weight (penalised), one output weight and two biases (not penalised). */
function tinyNet(): MlpNetwork {
  return {
    sizes: [1, 1, 1],
    weights: [Float32Array.of(0.5), Float32Array.of(-0.25)],
    biases: [Float32Array.of(0), Float32Array.of(1)],
  };
}

function grads(g: readonly number[]): MlpGradients {
  return {
    weights: [Float64Array.of(g[0]!), Float64Array.of(g[1]!)],
    biases: [Float64Array.of(g[2]!), Float64Array.of(g[3]!)],
  } as MlpGradients;
}

describe('adamStep', () => {
  it('matches two steps computed by hand (Keras form, L2 on the hidden weight only)', () => {
    const net = tinyNet();
    const state = createAdam(net);
    const settings = { ...KERAS_ADAM, lr: 0.01 };
    // Step 1, hidden weight: g = 0.2 + 2·0.1·0.5 = 0.3; m = 0.03; v = 0.001·0.09 = 9e-5;
    // lr_t = 0.01·sqrt(1 - 0.999)/(1 - 0.9); Δ = lr_t·0.03/(sqrt(9e-5) + 1e-7).
    adamStep(net, grads([0.2, 0.4, -0.1, 0]), state, settings, 0.1);
    const lr1 = (0.01 * Math.sqrt(0.001)) / 0.1;
    const w1 = Math.fround(0.5 - (lr1 * 0.03) / (Math.sqrt(9e-5) + 1e-7));
    expect(net.weights[0]![0]).toBe(w1);
    // Output weight: no penalty, g = 0.4: m = 0.04, v = 1.6e-4.
    expect(net.weights[1]![0]).toBe(Math.fround(-0.25 - (lr1 * 0.04) / (Math.sqrt(1.6e-4) + 1e-7)));
    expect(net.biases[0]![0]).toBe(Math.fround(0 - (lr1 * -0.01) / (Math.sqrt(1e-5) + 1e-7)));
    expect(net.biases[1]![0]).toBe(1); // zero gradient: m = v = 0, no move
    expect(state.step).toBe(1);

    // Step 2, hidden weight: g = -0.1 + 0.2·w1; m = 0.9·0.03 + 0.1·g; v = 0.999·9e-5 + 0.001·g².
    adamStep(net, grads([-0.1, 0, 0, 0]), state, settings, 0.1);
    const g2 = -0.1 + 0.2 * w1;
    const m2 = Math.fround(0.9 * Math.fround(0.03) + 0.1 * g2);
    const v2 = Math.fround(0.999 * Math.fround(9e-5) + 0.001 * g2 * g2);
    const lr2 = (0.01 * Math.sqrt(1 - 0.999 ** 2)) / (1 - 0.9 ** 2);
    expect(net.weights[0]![0]).toBeCloseTo(w1 - (lr2 * m2) / (Math.sqrt(v2) + 1e-7), 7);
    expect(state.step).toBe(2);
  });

  it('moves a weight by about lr on the first step whatever the gradient scale', () => {
    for (const g of [1e-3, 1, 1e3]) {
      const net = tinyNet();
      adamStep(net, grads([0, g, 0, 0]), createAdam(net), { ...KERAS_ADAM, lr: 0.01 }, 0);
      expect(net.weights[1]![0]! - -0.25).toBeCloseTo(-0.01, 4);
    }
  });
});
