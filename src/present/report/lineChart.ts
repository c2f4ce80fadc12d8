// A line chart (one line per series, dots at the points) rendered to static SVG by Observable Plot, with linkedom standing
// in for the browser DOM, as stackedBarChart does. Every channel is explicit (z per series, colours per model), so Plot
// has nothing to warn about; ticks are numbers as people write them.
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { formatTickNumber } from '../chartNumbers';
import { Markup } from './html';

export interface LineSeries {
  /** Unique among the chart's series. */
  id: string;
  /** The legend entry it belongs to (its model): series with the same legend share its colour. */
  legend: string;
  color: string;
  /** Drawn dashed (e.g. the second curve of the same model). */
  dashed?: boolean;
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

interface Row { id: string; legend: string; x: number; y: number }

export function lineChartSvg(spec: LineChartSpec): Markup {
  const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');
  const rowsOf = (series: readonly LineSeries[]): Row[] => series.flatMap((s) => s.points.map((p) => ({ id: s.id, legend: s.legend, x: p.x, y: p.y })));
  const solid = rowsOf(spec.series.filter((s) => !s.dashed));
  const dashed = rowsOf(spec.series.filter((s) => s.dashed));
  const legends = [...new Map(spec.series.map((s) => [s.legend, s.color])).entries()];
  const line = { x: 'x', y: 'y', z: 'id', stroke: 'legend' } as const;
  const chart = Plot.plot({
    document: document as unknown as Document,
    width: spec.width ?? 420,
    height: spec.height ?? 260,
    marginBottom: 40,
    marginLeft: 46,
    ariaDescription: spec.description,
    style: { fontSize: '12px', background: 'transparent' },
    x: { label: spec.xAxisLabel, labelAnchor: 'center', labelOffset: 34, tickFormat: formatTickNumber, ...(spec.xTicks ? { ticks: spec.xTicks } : {}) },
    y: { label: spec.yAxisLabel, grid: true, ...(spec.percentY ? { domain: [0, 1], tickFormat: (d: number) => `${Math.round(d * 100)}%` } : { tickFormat: formatTickNumber }) },
    color: { legend: true, domain: legends.map(([name]) => name), range: legends.map(([, color]) => color) },
    marks: [
      Plot.line(solid, line),
      Plot.line(dashed, { ...line, strokeDasharray: '5,4' }),
      Plot.dot([...solid, ...dashed], { x: 'x', y: 'y', fill: 'legend', r: 3 }),
    ],
  });
  return new Markup(chart.outerHTML);
}
