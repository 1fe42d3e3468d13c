/** What the research report is drawn from: the status input plus the provenance a lab notebook needs. */
import type { ReportFigure } from './report-figures.js';
import type { StatusInput } from './status-input.js';

export interface ReportArtifact {
  /** Absolute, or relative to the report's folder; linked relative to the report. */
  readonly path: string;
  readonly sha256?: string;
  readonly bytes?: number;
}

export interface ReportInput extends StatusInput {
  readonly dataset: { readonly path: string; readonly sha256: string; readonly rows: number; readonly invalid: number };
  /** The resolved config, written out as YAML. */
  readonly config: unknown;
  readonly configSha256: string;
  readonly seed: number;
  readonly artifacts: readonly ReportArtifact[];
  /** PNG figures written next to the report (by `--report` where Chromium is present). */
  readonly figures?: readonly ReportFigure[];
  /** Why there are none, when they were tried. */
  readonly figuresSkipped?: string;
}
