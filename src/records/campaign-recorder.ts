/**
 * Everything a campaign run leaves behind besides its checkpoint: the append-only audit trail, the live
 * `status.html`, and at the end the report and the manifest of every artifact. It listens to the run's
 * event bus, which turns a failing listener into a notice; its own page and report writes, which run off
 * the bus (a timer, the end of the run), warn once per distinct failure and never crash a run either.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { REPO_ROOT } from '../shared/repo-root.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { ReportArtifact } from '../dashboard/report-input.js';
import { writeStatusPage } from '../dashboard/write-status-page.js';
import { writeReport } from '../dashboard/write-report.js';
import type { CampaignContext } from '../machine/campaign-types.js';
import type { Clock } from '../shared/clock.js';
import { createCoalescer } from '../shared/coalesce.js';
import type { EventBus } from '../shared/event-bus.js';
import {
  closeOpenAttempts,
  createAuditLog,
  createRunId,
  readAudit,
  type AuditEvent,
  type JsonValue,
} from './audit-log.js';
import type { CampaignEventMap } from '../events/campaign-events.js';
import type { CampaignStatus, DatasetInfo } from '../state/campaign-db.js';
import { collectEnvironment } from './environment-info.js';
import { recordCampaignEvents } from './record-campaign-events.js';
import { writeManifest } from '../state/manifest.js';
import { buildReportInput, buildStatusInput, type StatusSources } from './status-model.js';
import { statePaths } from '../state/state-files.js';

/** How often the page is refreshed while a long stage runs (the page itself reloads every 5 s). */
const LIVE_REFRESH_MS = 3000;
/** Least time between two page writes. */
const PAGE_INTERVAL_MS = 2000;

export interface RecorderOptions {
  readonly stateDir: string;
  readonly loaded: LoadedConfig;
  readonly dataset: StatusSources['dataset'] & { readonly sha256: string };
  readonly clock: Clock;
  readonly events: EventBus<CampaignEventMap>;
  readonly resume: boolean;
  readonly log: (line: string) => void;
  /** Live page refresh during long stages; off in tests that drive time themselves. */
  readonly liveRefresh?: boolean;
}

export function createCampaignRecorder(options: RecorderOptions) {
  const { stateDir, loaded, clock, events, log } = options;
  const auditPath = statePaths(stateDir).audit;
  const run = createRunId(clock);
  const startedAt = clock.now();
  const memory: AuditEvent[] = [];
  const problems = new Set<string>();
  const warnOnce = (what: string, error: unknown) => {
    const message = `${what} failed: ${(error as Error).message ?? String(error)}`;
    if (!problems.has(message)) {
      problems.add(message);
      log(`warning: ${message}`);
    }
  };

  if (options.resume && existsSync(auditPath)) {
    const closed = closeOpenAttempts(auditPath, clock, run);
    if (closed > 0) log(`audit: ${closed} task attempt(s) left open by a killed run were closed as interrupted`);
  }
  if (existsSync(auditPath)) memory.push(...readAudit(auditPath).events);
  const audit = createAuditLog(auditPath, clock, { run });
  const append: typeof audit.append = (event) => {
    const written = audit.append(event);
    memory.push(written);
    return written;
  };
  const auditView = { ...audit, append };

  append({
    type: 'run-start',
    resume: options.resume,
    stateDir,
    configFile: loaded.file,
    config: JSON.parse(JSON.stringify(loaded.config)) as JsonValue,
    configSha256: loaded.sha256,
    seed: loaded.config.seed,
    datasetSha256: options.dataset.sha256,
    environment: collectEnvironment(REPO_ROOT),
  });
  const offs = [recordCampaignEvents(events, auditView)];
  const offEvents = () => {
    for (const off of offs) off();
  };

  let latest: { context: CampaignContext; state: string; status: CampaignStatus } | null = null;
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
          startedAt,
          now,
          audit: memory,
        };
  const writePage = () => {
    try {
      const s = sources(clock.now());
      if (s !== null) writeStatusPage(stateDir, buildStatusInput(s));
    } catch (error) {
      warnOnce('status page', error);
    }
  };
  // The page is rewritten off the transition, at most once per PAGE_INTERVAL_MS (it reloads itself every
  // 5 s, so a fresher page would never be seen): behind a setImmediate (once the next stage has handed its
  // work to the pool) when the last write is old enough, else by a timer when it is, showing the newest
  // state either way. In a 50k-molecule campaign: 5 writes instead of 27 (one per transition).
  const page = createCoalescer(
    () => {
      const t0 = clock.monotonic();
      writePage();
      events.emit('views', { what: 'status page', ms: clock.monotonic() - t0 });
    },
    { intervalMs: PAGE_INTERVAL_MS, clock },
  );
  // After every transition the page is rewritten soon (see `page`).
  offs.push(
    events.on('machine:transition', ({ to, context }) => {
      latest = { context, state: to, status: to === 'done' ? 'done' : to === 'failed' ? 'failed' : 'running' };
      page.request();
    }),
  );
  // During a long stage nothing transitions: the page still shows the clock and the attempts moving.
  const timer =
    options.liveRefresh === false ? null : clock.setInterval(() => page.request(), LIVE_REFRESH_MS, { unref: true });

  return {
    run,
    /** The end of this run: final page, the report (done or failed), the manifest, run-end. */
    async finish(
      context: CampaignContext,
      state: string,
      status: CampaignStatus,
      exitCode: number,
      dataset: DatasetInfo,
    ): Promise<void> {
      clock.clearInterval(timer);
      page.cancel();
      latest = { context, state, status };
      writePage();
      if (status === 'done' || status === 'failed') {
        try {
          const s = sources(clock.now());
          if (s !== null) {
            writeReport(
              stateDir,
              buildReportInput(s, { dataset, configSha256: loaded.sha256, artifacts: listArtifacts(stateDir) }),
            );
          }
        } catch (error) {
          warnOnce('report', error);
        }
      }
      try {
        await writeManifest(stateDir, clock);
      } catch (error) {
        log(`warning: manifest failed: ${(error as Error).message}`);
      }
      append({
        type: 'run-end',
        status: status === 'running' ? 'interrupted' : status,
        exitCode,
        error: context.error ? { code: context.error.code, message: context.error.message } : null,
      });
      offEvents();
      audit.close();
    },
    close(): void {
      clock.clearInterval(timer);
      page.cancel();
      offEvents();
    },
  };
}

export type CampaignRecorder = ReturnType<typeof createCampaignRecorder>;

/** Files under artifacts/, for the report's links. */
export function listArtifacts(stateDir: string): ReportArtifact[] {
  const root = statePaths(stateDir).artifacts;
  const out: ReportArtifact[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else if (!name.startsWith('.')) out.push({ path: relative(stateDir, full).split(sep).join('/'), bytes: st.size });
    }
  };
  walk(root);
  return out;
}
