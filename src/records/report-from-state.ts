/**
 * `npm start -- --report`: (re)write report.md and learning-curve.svg for the campaign in a state
 * folder, from its checkpoint, summary and audit trail, without running anything.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedConfig } from '../config/load-config.js';
import { writeReport, REPORT_FILE } from '../dashboard/write-report.js';
import type { CampaignContext } from '../machine/campaign-types.js';
import { readCheckpoint } from '../state/checkpoint.js';
import type { Clock } from '../shared/clock.js';
import { AlcoveError } from '../shared/errors.js';
import { readAudit, type AuditEvent } from './audit-log.js';
import { listArtifacts } from './list-artifacts.js';
import type { Summary } from '../state/campaign-db.js';
import { prepareDataset } from '../data/prepare-dataset.js';
import { statePaths } from '../state/state-files.js';
import { buildReportInput, buildStatusInput, type StatusSources } from './status-model.js';
import { createStructureDrawer } from './structure-drawer.js';
import { writeReportFigures } from './write-report-figures.js';
import { STATUS_PAGE_FILE, writeStatusPage } from '../dashboard/write-status-page.js';

export async function writeReportFromState(loaded: LoadedConfig, stateDir: string, clock: Clock): Promise<string[]> {
  const paths = statePaths(stateDir);
  if (!existsSync(paths.checkpoint)) {
    throw new AlcoveError('STATE_EXISTS', `no campaign in ${stateDir} (no state.json) to report on`);
  }
  const envelope = readCheckpoint(paths.checkpoint, loaded.sha256);
  const context = envelope.snapshot.context as unknown as CampaignContext;
  const value = envelope.snapshot.value;
  // The machine is flat, so its value is the state's name; a nested one would be an object.
  const state = typeof value === 'string' ? value : JSON.stringify(value);
  const summary = JSON.parse(readFileSync(paths.summary, 'utf8')) as Summary;
  const dataset = await prepareDataset(loaded.config, paths.artifacts);
  const auditPath = paths.audit;
  const audit: AuditEvent[] = existsSync(auditPath) ? readAudit(auditPath).events : [];
  const firstStart = audit.find((e) => e.type === 'run-start');
  const drawer = createStructureDrawer();
  await drawer.ready();
  const sources: StatusSources = {
    config: loaded.config,
    configFile: loaded.file,
    dataset,
    context,
    state,
    status: summary.status,
    startedAt: firstStart ? Date.parse(firstStart.at) : clock.now(),
    now: clock.now(),
    audit,
    drawer,
  };
  // The page too, so that a campaign run before a dashboard change shows the new one.
  const status = buildStatusInput(sources);
  writeStatusPage(stateDir, status);
  const figures = await writeReportFigures(stateDir, status);
  writeReport(stateDir, {
    ...buildReportInput(sources, {
      dataset: summary.dataset,
      configSha256: loaded.sha256,
      artifacts: listArtifacts(stateDir),
    }),
    figures: figures.written,
    ...('skipped' in figures ? { figuresSkipped: figures.skipped } : {}),
  });
  return [
    join(stateDir, REPORT_FILE),
    join(stateDir, 'learning-curve.svg'),
    join(stateDir, STATUS_PAGE_FILE),
    ...figures.written.map((f) => join(stateDir, f.file)),
  ];
}
