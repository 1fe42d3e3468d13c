/**
 * Everything a campaign run leaves behind besides its checkpoint: the append-only audit trail, the live
 * `status.html`, and at the end the report and the manifest of every artifact. It listens to the run's
 * event bus, which turns a failing listener into a notice; its own page and report writes, which run off
 * the bus (a timer, the end of the run), warn once per distinct failure and never crash a run either.
 */
import { REPO_ROOT } from '../shared/repo-root.js';
import type { LoadedConfig } from '../config/load-config.js';
import { writeReport } from '../dashboard/write-report.js';
import type { CampaignContext } from '../machine/campaign-types.js';
import type { Clock } from '../shared/clock.js';
import type { AlcoveError } from '../shared/errors.js';
import type { EventBus } from '../shared/event-bus.js';
import { createRunId, type AuditEventInput, type JsonValue } from './audit-log.js';
import type { CampaignEventMap } from '../events/campaign-events.js';
import type { CampaignStatus, DatasetInfo } from '../state/campaign-db.js';
import { collectEnvironment } from './environment-info.js';
import { listArtifacts } from './list-artifacts.js';
import { createLiveStatusPage, type LiveStatusPage } from './live-status-page.js';
import { recordCampaignEvents } from './record-campaign-events.js';
import { openRunAudit } from './run-audit.js';
import { writeManifest } from '../state/manifest.js';
import { buildReportInput, type StatusSources } from './status-model.js';
import { statePaths } from '../state/state-files.js';
import type { StructureDrawer } from './structure-drawer.js';
import type { DigestCache } from '../state/digest-cache.js';
import { createWarnOnce, type WarnOnce } from './warn-once.js';

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
  /** Draws the status page's molecules; default one of the run's own (a sweep shares one between runs). */
  readonly drawer?: StructureDrawer;
  /** Remembers the manifest's whole-file digests by file identity (a sweep shares one between its runs). */
  readonly digests?: DigestCache;
  /** Told once when the audit trail cannot be written (`WRITE_FAILED`): the run must stop. */
  readonly onWriteFailed?: (error: AlcoveError) => void;
  /** Where view failures are warned about (shared with the db/summary writer); default a new one over `log`. */
  readonly warnOnce?: WarnOnce;
}

/** How a run ended, for its last page, report and `run-end` record. */
export interface RunEnd {
  readonly context: CampaignContext;
  readonly state: string;
  readonly status: CampaignStatus;
  readonly exitCode: number;
  readonly dataset: DatasetInfo;
}

/** What a campaign run leaves behind besides its checkpoint, recorded as it goes. */
export interface CampaignRecorder {
  /** This run's id in the audit trail. */
  readonly run: string;
  /**
   * The end of this run: final page, the report (done or failed), then `afterViews` (the final
   * summary.json, which lists the views that failed), the manifest, run-end. Throws `WRITE_FAILED` when
   * the audit trail could not be written.
   */
  finish(end: RunEnd, afterViews?: () => void): Promise<void>;
  /** Stops the page and the listeners and closes the trail, without finishing the run (it is failing). */
  close(): void;
}

export function createCampaignRecorder(options: RecorderOptions): CampaignRecorder {
  const { stateDir, loaded, clock, events, log } = options;
  const run = createRunId(clock);
  const startedAt = clock.now();
  const warnOnce = options.warnOnce ?? createWarnOnce(log);
  const audit = openRunAudit({
    path: statePaths(stateDir).audit,
    clock,
    run,
    resume: options.resume,
    log,
    ...(options.onWriteFailed ? { onWriteFailed: options.onWriteFailed } : {}),
  });
  audit.append(runStartEvent(options));
  const offAudit = recordCampaignEvents(events, audit);
  const page = createLiveStatusPage({
    stateDir,
    loaded,
    dataset: options.dataset,
    clock,
    events,
    startedAt,
    audit: audit.events,
    warnOnce,
    liveRefresh: options.liveRefresh !== false,
    ...(options.drawer === undefined ? {} : { drawer: options.drawer }),
  });
  const offEvents = () => {
    offAudit();
    page.off();
  };

  return {
    run,
    async finish({ context, state, status, exitCode, dataset }, afterViews): Promise<void> {
      page.stop();
      // The last page shows the molecules drawn (RDKit loads in about a second, long before a run ends).
      await page.ready();
      page.writeNow({ context, state, status });
      if (status === 'done' || status === 'failed') writeEndReport(options, page, dataset, warnOnce);
      afterViews?.();
      try {
        await writeManifest(stateDir, clock, [], options.digests);
      } catch (error) {
        warnOnce('manifest', error);
      }
      audit.append({
        type: 'run-end',
        status: status === 'running' ? 'interrupted' : status,
        exitCode,
        error: context.error ? { code: context.error.code, message: context.error.message } : null,
      });
      offEvents();
      audit.close();
    },
    close(): void {
      page.stop();
      offEvents();
      try {
        audit.close();
      } catch (error) {
        // The run is ending with its own error; a trail that failed before is that error, not news.
        if (error !== audit.failure()) warnOnce('audit trail', error);
      }
    },
  };
}

/** The first event of a run: what it runs (config, seed, dataset) and where (environment). */
function runStartEvent(options: RecorderOptions): AuditEventInput {
  const { loaded } = options;
  return {
    type: 'run-start',
    resume: options.resume,
    stateDir: options.stateDir,
    configFile: loaded.file,
    config: JSON.parse(JSON.stringify(loaded.config)) as JsonValue,
    configSha256: loaded.sha256,
    seed: loaded.config.seed,
    datasetSha256: options.dataset.sha256,
    environment: collectEnvironment(REPO_ROOT),
  };
}

/** Writes report.md at the end of a done or failed run; a failure warns once. */
function writeEndReport(options: RecorderOptions, page: LiveStatusPage, dataset: DatasetInfo, warnOnce: WarnOnce) {
  const { stateDir, loaded, clock } = options;
  try {
    const s = page.sources(clock.now());
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
