// A stacked bar chart as Plot options (the overview's top-1 confidence histogram, stacked by outcome), with its legend.
import * as Plot from '@observablehq/plot';
import { chartFrame, type ChartSize, type ChartTheme } from './chartTheme';

export interface BarSeries {
  name: string;
  /** Any CSS colour. */
  color: string;
  /** One value per category. */
  values: readonly number[];
}

export interface StackedBarSpec {
  /** What the chart shows, for screen readers. */
  description: string;
  categories: readonly string[];
  series: readonly BarSeries[];
  xAxisLabel: string;
  yAxisLabel: string;
  /** Counts: integer ticks only. */
  integerValues: boolean;
}

interface Row { category: string; series: string; value: number }

export function stackedBarOptions(spec: StackedBarSpec, theme: ChartTheme, size: ChartSize): Plot.PlotOptions {
  const rows: Row[] = spec.series.flatMap((s) => spec.categories.map((category, i) => ({ category, series: s.name, value: s.values[i] ?? 0 })));
  return {
    ...chartFrame(size, spec.description, { marginBottom: 44 }),
    x: { domain: [...spec.categories], label: spec.xAxisLabel, labelAnchor: 'center', labelOffset: 38, padding: 0.28 },
    y: { label: spec.yAxisLabel, nice: true, ...(spec.integerValues ? { tickFormat: (d: number) => (Number.isInteger(d) ? String(d) : '') } : {}) },
    color: { domain: spec.series.map((s) => s.name), range: spec.series.map((s) => s.color), legend: true },
    marks: [
      Plot.gridY({ stroke: theme.grid, strokeOpacity: 1 }),
      Plot.barY(rows.filter((r) => r.value > 0), {
        x: 'category', y: 'value', fill: 'series', order: spec.series.map((s) => s.name),
        ...(theme.tips ? { tip: true, title: (r: Row) => `${r.series}, ${r.category}: ${r.value}` } : {}),
      }),
      Plot.ruleY([0]),
    ],
  };
}
