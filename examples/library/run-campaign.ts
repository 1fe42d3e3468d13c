/**
 * Alcove from a program: load a config with overrides, run the campaign in a state folder under its lock,
 * print each round from the event bus, and release the worker pools at the end.
 *
 *   npx tsx examples/library/run-campaign.ts [STATE_DIR] [KEY=VALUE ...]
 *
 * Run from the repository it imports the sources ('alcove' is mapped to src/index.ts in tsconfig.json);
 * from a project that depends on alcove, the same import reads the built dist/ (package.json `exports`).
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  acquireStateLock,
  createEventBus,
  createPoolSet,
  loadConfig,
  runCampaign,
  systemClock,
  type CampaignEventMap,
  type RoundRecord,
} from 'alcove';

const [stateDir = join('runs', 'library-example'), ...overrides] = process.argv.slice(2);

const loaded = await loadConfig(new URL('../../configs/default.yaml', import.meta.url).pathname, [
  'campaign.generations=2',
  ...overrides,
]);
const events = createEventBus<CampaignEventMap>();
const rounds: RoundRecord[] = [];
events.on('round:end', ({ round }) => {
  rounds.push(round);
  // With a held-out set the model's fit is the headline; without one, the share of the true top-k found.
  const metric = loaded.config.campaign.test_fraction > 0 ? 'r2' : 'topk_scores';
  console.log(
    `generation ${round.generation}: ${round.labeled} labeled, ${metric} ${round.metrics[metric]?.toFixed(3)}`,
  );
});

const lock = acquireStateLock(stateDir, { pid: process.pid, host: hostname(), now: systemClock.now() });
const pools = createPoolSet(loaded.config.limits, loaded.config.workers);
try {
  const result = await runCampaign({ loaded, stateDir, resume: false, pools, clock: systemClock, events });
  console.log(`${result.status}: ${result.summary.labeled} labeled in ${rounds.length} rounds`);
  process.exitCode = result.status === 'done' ? 0 : 1;
} finally {
  await pools.close();
  lock.release();
}
