// A line chart (one line per series, dots at the points) rendered to static SVG by Observable Plot, with linkedom standing
// in for the browser DOM, as stackedBarChart does.
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { Markup } from './html';

export interface LineSeries {
  name: string;
  points: Array<{ x: number; y: number }>;
}

export interface LineChartSpec {
  /** What the chart shows, for screen readers. */
  description: string;
  series: LineSeries[];
  xAxisLabel: string;
  yAxisLabel: string;
  /** Ticks at exactly these x values (severities, ε), when given. */
  xTicks?: number[];
  /** y shown as a percentage of [0, 1] values. */
  percentY: boolean;
  width?: number;
  height?: number;
}

export function lineChartSvg(spec: LineChartSpec): Markup {
  const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');
  const rows = spec.series.flatMap((s) => s.points.map((p) => ({ series: s.name, x: p.x, y: p.y })));
  const chart = Plot.plot({
    document: document as unknown as Document,
    width: spec.width ?? 420,
    height: spec.height ?? 260,
    marginBottom: 40,
    ariaDescription: spec.description,
    style: { fontSize: '12px', background: 'transparent' },
    x: { label: spec.xAxisLabel, labelAnchor: 'center', labelOffset: 34, ...(spec.xTicks ? { ticks: spec.xTicks } : {}) },
    y: { label: spec.yAxisLabel, grid: true, domain: spec.percentY ? [0, 1] : undefined, ...(spec.percentY ? { tickFormat: (d: number) => `${Math.round(d * 100)}%` } : {}) },
    color: { legend: true, domain: spec.series.map((s) => s.name) },
    marks: [Plot.line(rows, { x: 'x', y: 'y', stroke: 'series' }), Plot.dot(rows, { x: 'x', y: 'y', fill: 'series', r: 3 })],
  });
  return new Markup(chart.outerHTML);
}
