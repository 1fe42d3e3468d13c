/**
 * Turns a `PlotSpec` into the `{ data, layout }` that `Plotly.newPlot` takes, as plain JSON for the page's
 * data island. Typed loosely on purpose: only the few plotly attributes used here, no plotly typings.
 */
import type { PlotSpec, PlotTrace } from './plot-spec.js';

export const FONT_STACK =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif';

export type PlotlyJson =
  null | boolean | number | string | readonly PlotlyJson[] | { readonly [key: string]: PlotlyJson };

export interface PlotlyFigure {
  readonly data: readonly { readonly [key: string]: PlotlyJson }[];
  readonly layout: { readonly [key: string]: PlotlyJson };
}

const INK = '#1f2328';
const GRID = '#e3e6ea';

/** A scatter of points, coloured by a value per point on a colour-blind-safe scale when it has them. */
function markerTrace(t: PlotTrace, common: { [key: string]: PlotlyJson }): { [key: string]: PlotlyJson } {
  const coloured = t.colourValues !== undefined && t.colourValues.length > 0;
  return {
    ...common,
    type: 'scatter',
    mode: 'markers',
    ...(t.errorY === undefined
      ? {}
      : { error_y: { type: 'data', array: [...t.errorY], visible: true, thickness: 1, width: 0, color: t.colour } }),
    marker: {
      size: 6,
      opacity: t.opacity ?? 0.75,
      symbol: t.symbol ?? 'circle',
      line: { color: '#ffffff', width: 0.5 },
      ...(coloured
        ? {
            color: [...(t.colourValues ?? [])],
            colorscale: 'Viridis',
            showscale: true,
            colorbar: { title: { text: t.colourTitle ?? '', side: 'right' }, thickness: 10, len: 0.8, outlinewidth: 0 },
          }
        : { color: t.colour }),
    },
  };
}

function toTrace(t: PlotTrace, index: number): { [key: string]: PlotlyJson } {
  const common: { [key: string]: PlotlyJson } = { name: t.name, x: [...t.x], y: [...t.y] };
  if (t.hover !== undefined) {
    common.text = [...t.hover];
    common.hovertemplate = '%{text}<br>%{x}: %{y}<extra>%{fullData.name}</extra>';
  }
  if (t.style === 'markers') return markerTrace(t, common);
  if (t.style === 'bar') {
    return {
      ...common,
      type: 'bar',
      ...(t.width === undefined ? {} : { width: t.width }),
      ...(t.opacity === undefined ? {} : { opacity: t.opacity }),
      marker: {
        color: t.colour,
        line: { color: '#ffffff', width: 0.5 },
        ...(t.pattern === undefined || t.pattern === ''
          ? {}
          : // 'overlay' draws the pattern over marker.color ('replace' would leave a transparent background).
            {
              pattern: {
                shape: t.pattern,
                fillmode: 'overlay',
                fgcolor: '#ffffff',
                fgopacity: 0.6,
                size: 6,
                solidity: 0.3,
              },
            }),
      },
    };
  }
  const dashed = t.style === 'dashed-line';
  return {
    ...common,
    type: 'scatter',
    mode: 'lines+markers',
    connectgaps: false,
    line: { color: t.colour, width: dashed ? 2 : 2.5, dash: dashed ? 'dash' : 'solid' },
    // A different marker shape per trace, so the traces differ in more than colour.
    marker: { color: t.colour, size: dashed ? 6 : 8, symbol: index === 0 ? 'circle' : 'square' },
  };
}

function axis(title: string, extra: { [key: string]: PlotlyJson }): { [key: string]: PlotlyJson } {
  return {
    title: { text: title, standoff: 8 },
    gridcolor: GRID,
    linecolor: '#9aa1a9',
    zeroline: false,
    automargin: true,
    ticks: 'outside',
    tickcolor: '#9aa1a9',
    ...extra,
  };
}

export function toPlotlyFigure(spec: PlotSpec, height = 300): PlotlyFigure {
  const shared: { [key: string]: PlotlyJson } | null =
    spec.sharedRange === undefined ? null : { range: [...spec.sharedRange] };
  const layout: { [key: string]: PlotlyJson } = {
    autosize: true,
    height,
    margin: { l: 56, r: 12, t: 30, b: 44 },
    font: { family: FONT_STACK, size: 12, color: INK },
    paper_bgcolor: '#ffffff',
    plot_bgcolor: '#ffffff',
    showlegend: true,
    legend: { orientation: 'h', x: 0, xanchor: 'left', y: 1.02, yanchor: 'bottom', font: { size: 11 } },
    hovermode: spec.stacked ? 'x' : 'closest',
    xaxis: axis(
      spec.xTitle,
      spec.xAxis === 'category'
        ? { type: 'category' }
        : (shared ?? (spec.xFromData === true ? {} : { rangemode: 'tozero' })),
    ),
    yaxis: axis(spec.yTitle, spec.stacked || spec.yFromZero === true ? { rangemode: 'tozero' } : (shared ?? {})),
  };
  if (spec.stacked) {
    layout.barmode = 'stack';
    layout.bargap = 0.25;
  } else if (spec.overlay === true) {
    layout.barmode = 'overlay';
    layout.bargap = 0.02;
  }
  return { data: spec.traces.map(toTrace), layout };
}
