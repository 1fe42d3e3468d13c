/**
 * The live `status.html` of a run: rewritten after every machine transition and, during a long stage,
 * by a timer, at most once per PAGE_INTERVAL_MS; a failing write warns once and never crashes a run.
 */
import type { LoadedConfig } from '../config/load-config.js';
import { writeStatusPage } from '../dashboard/write-status-page.js';
import type { CampaignEventMap } from '../events/campaign-events.js';
import type { CampaignContext } from '../machine/campaign-types.js';
import type { Clock } from '../shared/clock.js';
import { createCoalescer } from '../shared/coalesce.js';
import type { EventBus } from '../shared/event-bus.js';
import type { CampaignStatus } from '../state/campaign-db.js';
import type { AuditEvent } from './audit-log.js';
import { createRunTimings } from './run-timings.js';
import { buildStatusInput, type StatusSources } from './status-model.js';
import { createStructureDrawer, type StructureDrawer } from './structure-drawer.js';
import type { WarnOnce } from './warn-once.js';

/** How often the page is refreshed while a long stage runs (the page itself reloads every 5 s). */
const LIVE_REFRESH_MS = 3000;
/** New molecule drawings per live page write (about 30 ms each, more on a loaded machine); the last page draws all. */
const LIVE_NEW_DRAWINGS = 8;
/** Least time between two page writes. */
const PAGE_INTERVAL_MS = 2000;

/** Where the run stands, as the page shows it. */
export interface RunStanding {
  readonly context: CampaignContext;
  readonly state: string;
  readonly status: CampaignStatus;
}

export interface LiveStatusPageOptions {
  readonly stateDir: string;
  readonly loaded: LoadedConfig;
  readonly dataset: StatusSources['dataset'];
  readonly clock: Clock;
  readonly events: EventBus<CampaignEventMap>;
  readonly startedAt: number;
  readonly audit: readonly AuditEvent[];
  readonly warnOnce: WarnOnce;
  readonly liveRefresh: boolean;
  /** Draws the molecules; default RDKit.js on this thread, loaded in the background. */
  readonly drawer?: StructureDrawer;
}

export interface LiveStatusPage {
  /** What the page and the report are built from at `now`; null before the first transition. */
  sources(now: number): StatusSources | null;
  /** Stops the refresh timer and any pending write (transitions are still listened to). */
  stop(): void;
  /** Shows this standing and writes the page now. */
  writeNow(standing: RunStanding): void;
  /** Resolves once the molecule drawings are available (RDKit loaded, or failed to). */
  ready(): Promise<void>;
  /** Stops listening to transitions. */
  off(): void;
}

export function createLiveStatusPage(options: LiveStatusPageOptions): LiveStatusPage {
  const { stateDir, loaded, clock, events } = options;
  let latest: RunStanding | null = null;
  const drawer = options.drawer ?? createStructureDrawer();
  const timings = createRunTimings(events, clock);
  const sources = (now: number): StatusSources | null =>
    latest === null
      ? null
      : {
          config: loaded.config,
          configFile: loaded.file,
          dataset: options.dataset,
          context: latest.context,
          state: latest.state,
          status: latest.status,
          startedAt: options.startedAt,
          now,
          audit: options.audit,
          drawer,
          timings,
        };
  const writePage = (newDrawings: number | null) => {
    drawer.beginPage(newDrawings);
    try {
      const s = sources(clock.now());
      if (s !== null) writeStatusPage(stateDir, buildStatusInput(s));
    } catch (error) {
      options.warnOnce('status page', error);
    }
  };
  // The page is rewritten off the transition, at most once per PAGE_INTERVAL_MS (it reloads itself every
  // 5 s, so a fresher page would never be seen): behind a setImmediate (once the next stage has handed its
  // work to the pool) when the last write is old enough, else by a timer when it is, showing the newest
  // state either way. In a 50k-molecule campaign: 5 writes instead of 27 (one per transition).
  const page = createCoalescer(
    () => {
      const t0 = clock.monotonic();
      writePage(LIVE_NEW_DRAWINGS);
      events.emit('views', { what: 'status page', ms: clock.monotonic() - t0 });
    },
    { intervalMs: PAGE_INTERVAL_MS, clock },
  );
  // After every transition the page is rewritten soon (see `page`).
  const off = events.on('machine:transition', ({ to, context }) => {
    latest = { context, state: to, status: to === 'done' ? 'done' : to === 'failed' ? 'failed' : 'running' };
    page.request();
  });
  // During a long stage nothing transitions: the page still shows the clock and the attempts moving.
  const timer = options.liveRefresh ? clock.setInterval(() => page.request(), LIVE_REFRESH_MS, { unref: true }) : null;
  return {
    sources,
    stop() {
      clock.clearInterval(timer);
      page.cancel();
    },
    writeNow(standing) {
      latest = standing;
      writePage(null);
    },
    ready: () => drawer.ready(),
    off() {
      off();
      timings.off();
    },
  };
}
