/**
 * Writes `report.md` and `learning-curve.svg` into `dir`, each atomically but without fsync: views, rebuilt
 * from the checkpoint and the audit trail (`alcove status`, the next run), like status.html.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../shared/write-file-atomic.js';
import { LEARNING_CURVE_FILE, renderReport } from './render-report.js';
import type { ReportInput } from './report-input.js';
import { STATE_FILES } from '../state/state-files.js';

export type { ReportArtifact, ReportInput } from './report-input.js';

export const REPORT_FILE = STATE_FILES.report;

export function writeReport(dir: string, input: ReportInput): { readonly report: string; readonly svg: string } {
  mkdirSync(dir, { recursive: true });
  const { markdown, svg } = renderReport(dir, input);
  const report = join(dir, REPORT_FILE);
  const curve = join(dir, LEARNING_CURVE_FILE);
  writeFileAtomic(curve, svg, { durable: false });
  writeFileAtomic(report, markdown, { durable: false });
  return { report, svg: curve };
}
