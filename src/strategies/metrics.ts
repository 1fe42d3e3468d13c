/** Model and campaign quality metrics. Metrics that cannot be computed are `null`, never NaN. */
export { regressionMetrics } from './regression-metrics.js';
export type { RegressionMetrics } from './regression-metrics.js';
export { classificationMetrics } from './classification-metrics.js';
export type { ClassificationMetrics } from './classification-metrics.js';
export { createTopkEvaluator, expectedRandomTopk, screeningMetrics } from './screening-metrics.js';
export type { ScreeningMetrics, TopkEvaluator } from './screening-metrics.js';
export { prospectiveMetrics } from './prospective-metrics.js';
export type { ProspectiveInput, ProspectiveMetrics } from './prospective-metrics.js';
