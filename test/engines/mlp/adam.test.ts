import { describe, expect, it } from 'vitest';
import { adamStep, createAdam, KERAS_ADAM } from '../../../src/engines/mlp/adam.js';
import type { MlpGradients } from '../../../src/engines/mlp/backward-pass.js';
import { cloneNetwork, initNetwork, type MlpNetwork } from '../../../src/engines/mlp/mlp-network.js';
import { createRng } from '../../../src/shared/rng.js';

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
    weights: [Float32Array.of(g[0]!), Float32Array.of(g[1]!)],
    biases: [Float32Array.of(g[2]!), Float32Array.of(g[3]!)],
  } as MlpGradients;
}

const f = Math.fround;

describe('adamStep', () => {
  it("is numpy's float32 Adam bit for bit (al_models.py's loop on float32 arrays, three steps)", () => {
    // Printed by al_models.py's update lines run with numpy 2.4 on float32 arrays of one element: the
    // parameters (W0, W1, b0, b1) and W0's moments after each step; gradients as below, l2 = 0.1 on W0.
    const steps = [
      {
        g: [0.2, 0.4, -0.1, 0],
        p: [0.4900000989437103, -0.25999993085861206, 0.009999684058129787],
        m0: 0.030000001192092896,
        v0: 9.000000864034519e-5,
      },
      {
        g: [-0.1, 3e-9, 0, 0],
        p: [0.48334938287734985, -0.2667004466056824, 0.016700055450201035],
        m0: 0.0268000029027462,
        v0: 8.991401409730315e-5,
      },
      {
        g: [0.7, -1e-3, 0.25, 0],
        p: [0.47556015849113464, -0.2718639671802521, 0.012690034694969654],
        m0: 0.10378699004650116,
        v0: 0.0007245069136843085,
      },
    ];
    const net = tinyNet();
    const state = createAdam(net);
    for (const step of steps) {
      adamStep(net, grads(step.g), state, { ...KERAS_ADAM, lr: 0.01 }, 0.1);
      expect([net.weights[0]![0], net.weights[1]![0], net.biases[0]![0]]).toEqual(step.p.map(f));
      expect(net.biases[1]![0]).toBe(1);
      expect([state.m[0]![0], state.v[0]![0]]).toEqual([f(step.m0), f(step.v0)]);
    }
  });

  it('matches two steps computed by hand (Keras form, L2 on the hidden weight only)', () => {
    const net = tinyNet();
    const state = createAdam(net);
    const settings = { ...KERAS_ADAM, lr: 0.01 };
    // Every operation rounded to float32 (f), constants included.
    // Step 1, hidden weight: g = 0.2 + 2·0.1·0.5 = 0.3; m = 0.1·g; v = (0.001·g)·g;
    // lr_t = 0.01·sqrt(1 - 0.999)/(1 - 0.9); Δ = lr_t·m/(sqrt(v) + 1e-7).
    adamStep(net, grads([0.2, 0.4, -0.1, 0]), state, settings, 0.1);
    const [c1, c2, eps] = [f(1 - 0.9), f(1 - 0.999), f(1e-7)];
    const lr1 = f((0.01 * Math.sqrt(0.001)) / (1 - 0.9));
    const step = (lr: number, m: number, v: number) => f(f(lr * m) / f(f(Math.sqrt(v)) + eps));
    const g1 = f(f(0.2) + f(f(0.2) * 0.5));
    const [m1, v1] = [f(c1 * g1), f(f(c2 * g1) * g1)];
    const w1 = f(0.5 - step(lr1, m1, v1));
    expect(net.weights[0]![0]).toBe(w1);
    // Output weight: no penalty, g = 0.4.
    const g0 = f(0.4);
    expect(net.weights[1]![0]).toBe(f(-0.25 - step(lr1, f(c1 * g0), f(f(c2 * g0) * g0))));
    const gb = f(-0.1);
    expect(net.biases[0]![0]).toBe(f(0 - step(lr1, f(c1 * gb), f(f(c2 * gb) * gb))));
    expect(net.biases[1]![0]).toBe(1); // zero gradient: m = v = 0, no move
    expect(state.step).toBe(1);

    // Step 2, hidden weight: g = -0.1 + 0.2·w1; m = 0.9·m1 + 0.1·g; v = 0.999·v1 + (0.001·g)·g.
    adamStep(net, grads([-0.1, 0, 0, 0]), state, settings, 0.1);
    const g2 = f(f(-0.1) + f(f(0.2) * w1));
    const m2 = f(f(f(0.9) * m1) + f(c1 * g2));
    const v2 = f(f(f(0.999) * v1) + f(f(c2 * g2) * g2));
    const lr2 = f((0.01 * Math.sqrt(1 - 0.999 ** 2)) / (1 - 0.9 ** 2));
    expect(net.weights[0]![0]).toBe(f(w1 - step(lr2, m2, v2)));
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

describe('adamStep in WebAssembly SIMD', () => {
  it('is bit for bit the float32 operations rounded one by one, on whole lane groups and tails', () => {
    // sizes [9, 12, 3]: tensors of 108, 36, 12 and 3 elements (the last all tail), gradients of every scale.
    const rng = createRng(7, 'adam-kernel-test');
    const sizes = [9, 12, 3];
    const net = initNetwork(sizes, rng);
    const want = cloneNetwork(net);
    const tensors = [...want.weights, ...want.biases];
    const m = tensors.map((p) => new Float32Array(p.length));
    const v = tensors.map((p) => new Float32Array(p.length));
    const state = createAdam(net);
    const settings = { ...KERAS_ADAM, lr: 0.01 };
    for (let step = 1; step <= 5; step++) {
      const g = tensors.map((p) => Float32Array.from(p, () => f((rng.next() - 0.5) * 10 ** (rng.int(12) - 9))));
      adamStep(net, { weights: g.slice(0, 2), biases: g.slice(2) } as unknown as MlpGradients, state, settings, 0.01);
      const lrT = f((0.01 * Math.sqrt(1 - 0.999 ** step)) / (1 - 0.9 ** step));
      tensors.forEach((p, t) => {
        const decay = t === 0 ? f(0.02) : 0;
        for (let q = 0; q < p.length; q++) {
          const grad = f(g[t]![q]! + f(decay * p[q]!));
          m[t]![q] = f(f(f(0.9) * m[t]![q]!) + f(f(1 - 0.9) * grad));
          v[t]![q] = f(f(f(0.999) * v[t]![q]!) + f(f(f(1 - 0.999) * grad) * grad));
          p[q] = f(p[q]! - f(f(lrT * m[t]![q]!) / f(f(Math.sqrt(v[t]![q]!)) + f(1e-7))));
        }
      });
      expect([...net.weights, ...net.biases].map((p) => Array.from(p))).toEqual(tensors.map((p) => Array.from(p)));
      expect(state.m.map((a) => Array.from(a))).toEqual(m.map((a) => Array.from(a)));
      expect(state.v.map((a) => Array.from(a))).toEqual(v.map((a) => Array.from(a)));
    }
  });

  it("with a second gradient, steps as on their float32 sum, bit for bit (a team step's two shards)", () => {
    const rng = createRng(8, 'adam-sum-test');
    const sizes = [9, 12, 3];
    const summed = initNetwork(sizes, rng);
    const fused = cloneNetwork(summed);
    const [one, two] = [createAdam(summed), createAdam(fused)];
    const settings = { ...KERAS_ADAM, lr: 0.01 };
    const asGrads = (a: Float32Array[]) => ({ weights: a.slice(0, 2), biases: a.slice(2) }) as unknown as MlpGradients;
    for (let step = 1; step <= 4; step++) {
      const draw = () =>
        [...summed.weights, ...summed.biases].map((p) =>
          Float32Array.from(p, () => f((rng.next() - 0.5) * 10 ** (rng.int(8) - 5))),
        );
      const [g, h] = [draw(), draw()];
      const sum = g.map((a, t) => Float32Array.from(a, (x, q) => f(x + h[t]![q]!)));
      adamStep(summed, asGrads(sum), one, settings, 0.01);
      adamStep(fused, asGrads(g), two, settings, 0.01, asGrads(h));
      const flat = (net: MlpNetwork) => [...net.weights, ...net.biases].map((p) => Array.from(p));
      expect(flat(fused)).toEqual(flat(summed));
      expect(two.m.map((a) => Array.from(a))).toEqual(one.m.map((a) => Array.from(a)));
      expect(two.v.map((a) => Array.from(a))).toEqual(one.v.map((a) => Array.from(a)));
    }
  });
});
