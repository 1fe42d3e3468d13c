/** A plot of the status page as plain data: what `plotly-figure.ts` turns into a Plotly figure. */
export type TraceStyle = 'line' | 'dashed-line' | 'bar';

export interface PlotTrace {
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly (number | null)[];
  readonly style: TraceStyle;
  readonly colour: string;
  /** Bar fill pattern (plotly `marker.pattern.shape`), a second cue next to colour. */
  readonly pattern?: string;
  /** Hover label per point. */
  readonly hover?: readonly string[];
}

export interface PlotSpec {
  /** DOM id of the plot's element. */
  readonly id: string;
  readonly title: string;
  readonly xTitle: string;
  readonly yTitle: string;
  /** 'category' for per-round bars (one tick per generation), 'linear' for the learning curve. */
  readonly xAxis: 'linear' | 'category';
  readonly stacked: boolean;
  readonly traces: readonly PlotTrace[];
  /** Shown instead of the plot when there is nothing to draw yet; null when there is. */
  readonly emptyText: string | null;
}
