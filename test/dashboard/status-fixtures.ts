/** Hand-made StatusInputs for the dashboard tests: 4 finished rounds, empty, failed, done. */
import type {
  StatusHeldOut,
  StatusInput,
  StatusMolecule,
  StatusPrediction,
  StatusRound,
  StatusTaskRound,
} from '../../src/dashboard/status-input.js';

export const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);
export const XSS_ID = '<script>alert(1)</script>';
export const XSS_SMILES = 'CC(=O)Nc1ccc(O)cc1</script><script>alert(2)</script>';
/** A SMILES that parses and carries markup in an id: an image onerror must stay text. */
export const XSS_IMG_ID = '<img src=x onerror=alert(3)>';
/** A small stand-in for RDKit's drawing (the browser test draws real ones). */
export const FAKE_SVG =
  "<svg xmlns='http://www.w3.org/2000/svg' width='220' height='160' viewBox='0 0 220 160'>" +
  "<path d='M10,10L200,150' style='fill:none;stroke:#000000;stroke-width:1.4px'/></svg>";

/** 36 predictions at acquisition over generations 1..3, with uncertainties (deterministic). */
export function fixturePredictions(): StatusPrediction[] {
  return Array.from({ length: 36 }, (_, i) => {
    const label = 6 + 2 * Math.sin(i);
    return {
      generation: 1 + (i % 3),
      label,
      predicted: label + 0.4 * Math.cos(i * 1.7),
      std: 0.2 + 0.1 * (i % 5),
      id: `AM-P${i}`,
    };
  });
}

function bestMolecules(): StatusMolecule[] {
  return [
    { id: XSS_ID, smiles: XSS_SMILES, label: 9.5, predicted: 8.1, predictedStd: 0.4, generation: 3, svg: null },
    {
      id: XSS_IMG_ID,
      smiles: 'c1ccccc1O',
      label: 9.25,
      predicted: null,
      predictedStd: null,
      generation: 0,
      svg: FAKE_SVG,
    },
    ...Array.from({ length: 26 }, (_, i) => ({
      id: `AM-${String(i + 1).padStart(4, '0')}`,
      smiles: `O=C(NC${'C'.repeat(i % 9)})c1ccccc1`,
      label: 9 - i * 0.25,
      predicted: 8 - i * 0.2,
      predictedStd: 0.3,
      generation: 1 + (i % 3),
      svg: FAKE_SVG,
    })),
  ];
}

const round = (
  generation: number,
  labeled: number,
  r2: number,
  topk: number,
  s: [number, number, number, number],
): StatusRound => ({
  generation,
  labeled,
  metrics: { r2, rmse: 1 - r2 / 2, topk_scores: topk, spearman: null },
  seconds: { featurize: s[0], train: s[1], evaluate: s[2], explore: s[3] },
});

const tasks = (generation: number, ok: number, retried: number, oom: number, timeout: number): StatusTaskRound => ({
  generation,
  stages: {
    featurize: { ok: ok, retried: 0, failed: {} },
    train: { ok: 8, retried, failed: oom > 0 ? { oom } : {} },
    explore: { ok: 2, retried: 0, failed: timeout > 0 ? { timeout } : {} },
  },
});

/** Four rounds of a running campaign (generations 0..3 of 0..5), one OOM and one timeout. */
export function runningInput(): StatusInput {
  const history = [
    round(0, 98, 0.21, 0.02, [3, 4, 1, 2]),
    round(1, 196, 0.38, 0.09, [1, 5, 1, 3]),
    round(2, 294, 0.52, 0.17, [1, 6, 1, 2]),
    round(3, 392, 0.61, 0.26, [1, 7, 1, 2]),
  ];
  return {
    campaign: {
      name: 'amide-greedy',
      configFile: 'configs/default.yaml',
      datasetPath: 'state/library.csv',
      task: 'regression',
      objective: 'maximize',
      strategy: 'greedy',
    },
    state: 'explore',
    status: 'running',
    generation: 3,
    generations: 5,
    labeled: 392,
    budget: 588,
    poolSize: 4900,
    startedAt: T0,
    now: T0 + 60_000,
    headline: 'r2',
    randomBaseline: [0.2, null, 0.3, 0.33],
    history,
    tasks: [tasks(0, 10, 0, 0, 0), tasks(1, 10, 1, 1, 0), tasks(2, 10, 0, 0, 2), tasks(3, 10, 2, 0, 0)],
    events: Array.from({ length: 14 }, (_, i) => ({
      at: T0 + i * 4000,
      kind: i === 7 ? 'task-failed' : 'transition',
      message: i === 7 ? 'train task 3 ran out of memory </td><b>x</b>' : `event ${i}`,
    })),
    failures: ['train: worker ran out of memory (retried)', 'explore: oracle timeout on 2 molecules'],
    best: bestMolecules(),
    stopReason: null,
    label: { name: 'pIC50', source: 'column "pIC50" of library.csv' },
    picks: [
      { generation: 3, molecules: bestMolecules().slice(0, 4) },
      { generation: 2, molecules: bestMolecules().slice(4, 8) },
    ],
    predictions: fixturePredictions(),
    labels: [
      ...Array.from({ length: 20 }, (_, i) => ({ generation: 0, label: 4 + (i % 7) * 0.5 })),
      ...fixturePredictions().map((p) => ({ generation: p.generation, label: p.label })),
    ],
    startup: { generation: 0, stage: 'featurize', seconds: 5, inStage: 2 },
    truthSeconds: [{ generation: 0, seconds: 0.5 }],
  };
}

export function emptyInput(): StatusInput {
  return {
    ...runningInput(),
    state: 'featurize',
    generation: 0,
    labeled: 0,
    now: T0 + 5000,
    randomBaseline: [],
    history: [],
    tasks: [],
    events: [{ at: T0, kind: 'transition', message: 'idle → featurize' }],
    failures: [],
    best: [],
    picks: [],
    predictions: [],
    labels: [],
    startup: null,
    truthSeconds: [],
  };
}

export function failedInput(): StatusInput {
  return {
    ...runningInput(),
    state: 'failed',
    status: 'failed',
    failures: [
      'train: worker ran out of memory (retried)',
      'explore: 30 of 98 oracle calls failed in generation 4 (failures.max_rate allows 20%)',
    ],
  };
}

export function doneInput(): StatusInput {
  const base = runningInput();
  return {
    ...base,
    state: 'done',
    status: 'done',
    generations: 3,
    budget: 392,
    stopReason: 'budget',
  };
}

/** 30 held-out molecules predicted by generation 3's model, with uncertainties (deterministic). */
export function fixtureHeldOut(): StatusHeldOut {
  const points = Array.from({ length: 30 }, (_, i) => {
    const label = 5 + 2.5 * Math.sin(i * 0.9);
    return {
      generation: 3,
      label,
      predicted: label + 0.5 * Math.cos(i * 2.3),
      std: 0.25 + 0.05 * (i % 4),
      id: `AM-T${i}`,
    };
  });
  return { size: 32, generation: 3, predicted: 30, points };
}

/** The running campaign with a held-out set (32 molecules, 2 labels failed), predicted in generation 3. */
export function heldOutInput(): StatusInput {
  return { ...runningInput(), heldOut: fixtureHeldOut() };
}
