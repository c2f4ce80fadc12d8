// A stacked bar chart rendered to static SVG by Observable Plot, with linkedom standing in for the browser DOM.
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { Markup } from './html';

export interface BarSeries {
  name: string;
  /** Any CSS colour. */
  color: string;
  /** One value per category. */
  values: number[];
}

export interface StackedBarChartSpec {
  /** What the chart shows, for screen readers. */
  description: string;
  categories: string[];
  series: BarSeries[];
  xAxisLabel: string;
  yAxisLabel: string;
  /** Counts: integer ticks only. */
  integerValues: boolean;
  width?: number;
  height?: number;
}

export function stackedBarChartSvg(spec: StackedBarChartSpec): Markup {
  const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');
  const rows = spec.series.flatMap((s) => spec.categories.map((category, i) => ({ category, series: s.name, value: s.values[i] ?? 0 })));
  const chart = Plot.plot({
    document: document as unknown as Document,
    width: spec.width ?? 640,
    height: spec.height ?? 280,
    marginBottom: 44,
    ariaDescription: spec.description,
    style: { fontSize: '12px', background: 'transparent' },
    x: { domain: spec.categories, label: spec.xAxisLabel, labelAnchor: 'center', labelOffset: 38, padding: 0.28 },
    y: { label: spec.yAxisLabel, grid: true, nice: true, ...(spec.integerValues ? { tickFormat: (d: number) => (Number.isInteger(d) ? String(d) : '') } : {}) },
    color: { domain: spec.series.map((s) => s.name), range: spec.series.map((s) => s.color), legend: true },
    marks: [Plot.barY(rows, { x: 'category', y: 'value', fill: 'series', order: spec.series.map((s) => s.name) }), Plot.ruleY([0])],
  });
  return new Markup(chart.outerHTML);
}
