import { describe, expect, it } from 'vitest';
import type { ModelTask } from '../../../src/shared/forest-types.js';
import { createRng } from '../../../src/shared/rng.js';
import { backwardBatch, createGradients } from '../../../src/engines/mlp/backward-pass.js';
import { createWorkspace, forwardBatch, type DropoutDraw } from '../../../src/engines/mlp/forward-pass.js';
import { fitInputScaling, toMlpInput, type MlpInput } from '../../../src/engines/mlp/mlp-input.js';
import { outputDelta, sumLoss } from '../../../src/engines/mlp/mlp-loss.js';
import { initNetwork, type MlpNetwork } from '../../../src/engines/mlp/mlp-network.js';
import { allRows, bitMatrix, denseMatrix, randomOnBits } from '../forest/helpers.js';

interface Case {
  readonly net: MlpNetwork;
  readonly input: MlpInput;
  readonly positions: Int32Array;
  readonly targets: Float64Array;
  readonly task: ModelTask;
  /** A fresh draw of the same masks for every evaluation (or no dropout). */
  readonly dropout: () => DropoutDraw | null;
  readonly rate: number;
}

// Batch positions out of order and with a repeat, so that position → row mapping is exercised.
const POSITIONS = Int32Array.from([3, 0, 7, 5, 1, 3, 6, 2, 4]);

/** Hidden widths 6 and 5 run the JavaScript kernels; 8 and 12 (multiples of 4) the WebAssembly ones. */
function bitsCase(task: ModelTask, rate = 0, hidden: readonly number[] = [6, 5]): Case {
  const X = bitMatrix(randomOnBits(8, 10, 0.4, 21), 10);
  const net = initNetwork([10, ...hidden, 1], createRng(4, 'grad-init'));
  // Non-zero biases so that no unit sits exactly at ReLU's kink.
  net.biases.forEach((b, l) => b.forEach((_, j) => (b[j] = 0.05 * (j + 1) * (l % 2 ? -1 : 1))));
  const targets = Float64Array.from({ length: 8 }, (_, i) => (task === 'regression' ? Math.sin(i) : i % 2));
  const dropout = () => (rate > 0 ? { rate, rngs: new Array(POSITIONS.length).fill(createRng(9, 'masks')) } : null);
  return { net, input: toMlpInput(X, allRows(8), null), positions: POSITIONS, targets, task, dropout, rate };
}

function denseCase(hidden: readonly number[] = [7]): Case {
  const rng = createRng(5, 'grad-dense');
  const X = denseMatrix(Array.from({ length: 8 }, () => Array.from({ length: 4 }, () => 3 * rng.normal() + 1)));
  const input = toMlpInput(X, allRows(8), fitInputScaling(X, allRows(8)));
  const net = initNetwork([4, ...hidden, 1], createRng(6, 'grad-init'));
  const targets = Float64Array.from({ length: 8 }, (_, i) => i / 4 - 1);
  return { net, input, positions: POSITIONS, targets, task: 'regression', dropout: () => null, rate: 0 };
}

function meanLoss(c: Case): number {
  const ws = createWorkspace(c.net.sizes, c.positions.length);
  forwardBatch(c.net, c.input, c.positions, c.positions.length, ws, c.dropout());
  return sumLoss(c.task, ws.output, c.targets, c.positions, c.positions.length) / c.positions.length;
}

function analyticGradients(c: Case) {
  const count = c.positions.length;
  const ws = createWorkspace(c.net.sizes, count);
  const grads = createGradients(c.net, c.input, count);
  forwardBatch(c.net, c.input, c.positions, count, ws, c.dropout());
  outputDelta(c.task, ws.output, c.targets, c.positions, count, ws.deltas[c.net.weights.length - 1]!);
  backwardBatch(c.net, c.input, c.positions, count, ws, grads, c.rate);
  return grads;
}

/**
 * Largest |finite difference - analytic| / (1 + |analytic|) over every weight and bias. The analytic gradient
 * is float32, as the training's (a relative rounding of about 6e-8 per operation); the bound below is set by
 * the central difference through a float32 forward pass, some thousand times larger, so it still catches any
 * wrong term (a missing 2/B or ReLU mask is off by O(1)).
 */
function worstError(c: Case): { worst: number; checked: number; nonZero: number } {
  const grads = analyticGradients(c);
  const tensors = [...c.net.weights, ...c.net.biases];
  const gradTensors = [...grads.weights, ...grads.biases];
  let worst = 0;
  let checked = 0;
  let nonZero = 0;
  tensors.forEach((p, t) => {
    for (let q = 0; q < p.length; q++) {
      const orig = p[q]!;
      p[q] = orig + 1e-3;
      const up = p[q]!;
      const lossUp = meanLoss(c);
      p[q] = orig - 1e-3;
      const down = p[q]!;
      const lossDown = meanLoss(c);
      p[q] = orig;
      const fd = (lossUp - lossDown) / (up - down); // the float32 step actually taken
      const g = gradTensors[t]![q]!;
      worst = Math.max(worst, Math.abs(fd - g) / (1 + Math.abs(g)));
      checked++;
      if (Math.abs(g) > 1e-6) nonZero++;
    }
  });
  return { worst, checked, nonZero };
}

describe('backward pass against finite differences', () => {
  it('regression on bits (sparse first layer, two hidden layers)', () => {
    const { worst, checked, nonZero } = worstError(bitsCase('regression'));
    expect(checked).toBe(10 * 6 + 6 * 5 + 5 + 6 + 5 + 1);
    expect(nonZero).toBeGreaterThan(checked / 2);
    expect(worst).toBeLessThan(5e-4);
  });

  it('regression on bits through the SIMD kernels (widths multiples of 4), with and without dropout', () => {
    const { worst, checked, nonZero } = worstError(bitsCase('regression', 0, [8, 12]));
    expect(checked).toBe(10 * 8 + 8 * 12 + 12 + 8 + 12 + 1);
    expect(nonZero).toBeGreaterThan(checked / 2);
    expect(worst).toBeLessThan(5e-4);
    expect(worstError(bitsCase('regression', 0.3, [8, 12])).worst).toBeLessThan(5e-4);
  });

  it('classification (sigmoid + cross-entropy)', () => {
    expect(worstError(bitsCase('classification')).worst).toBeLessThan(5e-4);
  });

  it('with dropout masks held fixed', () => {
    const c = bitsCase('regression', 0.3);
    const masked = worstError(c);
    expect(masked.worst).toBeLessThan(5e-4);
    // The masks really change the function: the loss differs from the no-dropout network's.
    expect(meanLoss(c)).not.toBeCloseTo(meanLoss(bitsCase('regression')), 6);
  });

  it('dense standardised inputs (valued first layer)', () => {
    expect(worstError(denseCase()).worst).toBeLessThan(5e-4);
    // A valued first layer in JavaScript, then a hidden layer through the SIMD kernels.
    expect(worstError(denseCase([8, 12])).worst).toBeLessThan(5e-4);
  });
});
