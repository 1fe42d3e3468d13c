/**
 * Colours for the dashboard and the report: the Okabe-Ito palette, chosen to stay distinguishable for the
 * common forms of colour-vision deficiency. Anything that matters is also told apart by a second cue
 * (dash style, bar pattern, text label), never by colour alone.
 */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  grey: '#6E6E6E',
} as const;

export type PaletteColour = (typeof OKABE_ITO)[keyof typeof OKABE_ITO];

export const HEADLINE_COLOUR = OKABE_ITO.blue;
export const BASELINE_COLOUR = OKABE_ITO.grey;

export const STAGE_COLOURS = {
  featurize: OKABE_ITO.skyBlue,
  train: OKABE_ITO.blue,
  evaluate: OKABE_ITO.orange,
  explore: OKABE_ITO.bluishGreen,
} as const;

/** The start-up (worker threads, RDKit) and a benchmark's ground truth, next to the stages' seconds. */
export const STARTUP_COLOUR = OKABE_ITO.grey;
export const TRUTH_COLOUR = OKABE_ITO.yellow;

/** Task outcome colours and bar patterns (plotly `marker.pattern.shape`). */
export const OUTCOME_STYLES = {
  ok: { colour: OKABE_ITO.bluishGreen, pattern: '' },
  retried: { colour: OKABE_ITO.yellow, pattern: '.' },
  oom: { colour: OKABE_ITO.vermillion, pattern: '/' },
  timeout: { colour: OKABE_ITO.reddishPurple, pattern: '\\' },
  crash: { colour: OKABE_ITO.black, pattern: 'x' },
  bad_input: { colour: OKABE_ITO.orange, pattern: '-' },
  error: { colour: OKABE_ITO.grey, pattern: '+' },
  interrupted: { colour: OKABE_ITO.skyBlue, pattern: '|' },
} as const;
