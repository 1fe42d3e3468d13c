/** A plot of the status page as plain data: what `plotly-figure.ts` turns into a Plotly figure. */
export type TraceStyle = 'line' | 'dashed-line' | 'bar' | 'markers';

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
  /** Bars: their width in x units (histograms); default plotly's. */
  readonly width?: number;
  /** Bars and markers: opacity in [0, 1] (overlaid histograms, dense scatter). */
  readonly opacity?: number;
  /** Markers: a value per point coloured on a sequential scale (with a colour bar titled `colourTitle`). */
  readonly colourValues?: readonly number[];
  readonly colourTitle?: string;
  /** Markers: a symbol (plotly `marker.symbol`); lines: the first trace gets circles, later ones squares. */
  readonly symbol?: string;
  /** Markers: a symmetric error bar per point (±1σ), 0 for none. */
  readonly errorY?: readonly number[];
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
  /** Bars drawn over each other (histograms) rather than side by side; ignored when stacked. */
  readonly overlay?: boolean;
  /** One range for both axes (a parity plot: its diagonal y = x runs corner to corner). */
  readonly sharedRange?: readonly [number, number];
  /** A linear x axis over the data's range (labels can be negative), not from 0 (molecules labeled). */
  readonly xFromData?: boolean;
  /** A y axis that starts at 0 (counts, shares, errors). */
  readonly yFromZero?: boolean;
  /** Shown under the plot's title: what the dashes mean, how many points are drawn. */
  readonly hint?: string;
}
