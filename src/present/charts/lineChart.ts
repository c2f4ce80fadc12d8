// Error curves as Plot options: one line per series (a model, or a model's second curve dashed), dots at the points, a
// colour per model with its legend; the sweep's error against severity, FGSM error against ε and occlusion curves, in the
// panel and in the report. Every channel is explicit (z per series, colour per model), so Plot has nothing to warn about.
import * as Plot from '@observablehq/plot';
import { formatTickNumber } from '../chartNumbers';
import { chartFrame, type ChartSize, type ChartTheme } from './chartTheme';
import { percentTick } from './renderChart';

export interface LineSeries {
  /** Unique among the chart's series. */
  id: string;
  /** The legend entry it belongs to (its model): series with the same legend share its colour. */
  legend: string;
  color: string;
  /** Drawn dashed (e.g. the second curve of the same model, or its clean error as a reference line). */
  dashed?: boolean;
  /** Dots at the points (default); false for a reference line. */
  dots?: boolean;
  points: ReadonlyArray<{ x: number; y: number }>;
}

export interface LineChartSpec {
  /** What the chart shows, for screen readers. */
  description: string;
  series: readonly LineSeries[];
  xAxisLabel: string;
  yAxisLabel: string;
  /** Ticks at exactly these x values (severities, ε), when given. */
  xTicks?: readonly number[];
  /** x as a percentage of [0, 1] values (the occlusion hole's side). */
  percentX?: boolean;
  /** y as a percentage of [0, 1] values. */
  percentY: boolean;
}

interface Row { id: string; legend: string; x: number; y: number }

export function lineChartOptions(spec: LineChartSpec, theme: ChartTheme, size: ChartSize): Plot.PlotOptions {
  const rowsOf = (series: readonly LineSeries[]): Row[] => series.flatMap((s) => s.points.map((p) => ({ id: s.id, legend: s.legend, x: p.x, y: p.y })));
  const solid = rowsOf(spec.series.filter((s) => !s.dashed));
  const dashed = rowsOf(spec.series.filter((s) => s.dashed));
  const dotted = rowsOf(spec.series.filter((s) => s.dots !== false));
  const legends = [...new Map(spec.series.map((s) => [s.legend, s.color])).entries()];
  const line = { x: 'x', y: 'y', z: 'id', stroke: 'legend', strokeWidth: 2 } as const;
  const xFormat = spec.percentX ? percentTick : formatTickNumber;
  const yFormat = spec.percentY ? percentTick : formatTickNumber;
  return {
    ...chartFrame(size, spec.description),
    x: { label: spec.xAxisLabel, labelAnchor: 'center', labelOffset: 34, tickFormat: xFormat, ...(spec.xTicks ? { ticks: [...spec.xTicks] } : {}), ...(spec.percentX ? { domain: [0, 1] } : {}) },
    y: { label: spec.yAxisLabel, tickFormat: yFormat, ...(spec.percentY ? { domain: [0, 1] } : {}) },
    color: { legend: true, domain: legends.map(([name]) => name), range: legends.map(([, color]) => color) },
    marks: [
      Plot.gridY({ stroke: theme.grid, strokeOpacity: 1 }),
      Plot.line(solid, line),
      Plot.line(dashed, { ...line, strokeWidth: 1.5, strokeDasharray: '5,4' }),
      Plot.dot(dotted, { x: 'x', y: 'y', fill: 'legend', r: 3 }),
      ...(theme.tips ? [Plot.tip([...solid, ...dashed], Plot.pointer({ x: 'x', y: 'y', title: (d: Row) => `${d.id}\n${spec.xAxisLabel} ${xFormat(d.x)}: ${yFormat(d.y)}` }))] : []),
    ],
  };
}
