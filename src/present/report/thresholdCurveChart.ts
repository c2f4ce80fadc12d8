// Accuracy-versus-threshold curves (one line per model, its maximum — MaxBoxAcc at the best τ — as a dot) rendered to static SVG by Observable
// Plot, with linkedom standing in for the browser DOM, as stackedBarChart does.
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { Markup } from './html';

export interface ThresholdCurve {
  name: string;
  color: string;
  thresholds: readonly number[];
  accuracies: readonly number[];
  best: { threshold: number; accuracy: number };
}

export interface ThresholdCurveChartSpec {
  /** What the chart shows, for screen readers. */
  description: string;
  curves: ThresholdCurve[];
  yAxisLabel: string;
  width?: number;
  height?: number;
}

export function thresholdCurveChartSvg(spec: ThresholdCurveChartSpec): Markup {
  const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');
  const rows = spec.curves.flatMap((c) => c.thresholds.map((x, i) => ({ series: c.name, x, y: c.accuracies[i] })));
  const best = spec.curves.map((c) => ({ series: c.name, x: c.best.threshold, y: c.best.accuracy }));
  const chart = Plot.plot({
    document: document as unknown as Document,
    width: spec.width ?? 640,
    height: spec.height ?? 300,
    marginBottom: 40,
    ariaDescription: spec.description,
    style: { fontSize: '12px', background: 'transparent' },
    x: { label: 'CAM threshold τ', labelAnchor: 'center', labelOffset: 34, domain: [0, 1] },
    y: { label: spec.yAxisLabel, grid: true, domain: [0, 1], tickFormat: (d: number) => `${Math.round(d * 100)}%` },
    color: { legend: true, domain: spec.curves.map((c) => c.name), range: spec.curves.map((c) => c.color) },
    marks: [
      Plot.line(rows, { x: 'x', y: 'y', stroke: 'series', strokeWidth: 2 }),
      Plot.dot(best, { x: 'x', y: 'y', fill: 'series', r: 5, stroke: 'white' }),
    ],
  });
  return new Markup(chart.outerHTML);
}
