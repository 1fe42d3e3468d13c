/**
 * The config hash a checkpoint is written for: a resume is refused when it differs.
 *
 * It covers the resolved config but `workers` and `executor` (they change only where and how fast work runs, since trees are seeded by index, so a
 * campaign may resume on another machine) and the keys added after checkpoints existed while they hold their
 * defaults: those defaults reproduce the earlier behaviour exactly, so a state folder written before the key
 * existed still resumes (`featurizer.max_atoms` likewise), and setting the key to another value is a different configuration.
 */
import { hashedSpec } from '../shared/features.js';
import { sha256Json } from '../shared/hash.js';
import type { CampaignConfig } from './campaign-schema.js';

/** Keys of `acquisition` added later, with the defaults under which they are left out of the hash. */
const LATER_ACQUISITION_DEFAULTS = {
  epsilon: 0,
  threshold: null,
  incumbent: 'best',
  incumbent_k: null,
  prune: null,
} as const;
/** Keys of `campaign` added later (budgets, prospective metrics, exports), likewise. */
const LATER_CAMPAIGN_DEFAULTS = { budget: null, hit_threshold: null, convergence: null, export_top: 1000 } as const;

function withoutDefaults(section: object, defaults: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...section };
  for (const [key, value] of Object.entries(defaults)) {
    if (out[key] === value) delete out[key];
  }
  return out;
}

/** What the hash is computed over (for tests and for the record). */
export function hashedConfig(config: CampaignConfig): Record<string, unknown> {
  const { workers: _workers, executor: _executor, ...rest } = config;
  return {
    ...rest,
    acquisition: withoutDefaults(config.acquisition, LATER_ACQUISITION_DEFAULTS),
    campaign: withoutDefaults(config.campaign, LATER_CAMPAIGN_DEFAULTS),
    featurizer: hashedSpec(config.featurizer),
  };
}

export function configHash(config: CampaignConfig): string {
  return sha256Json(hashedConfig(config));
}
