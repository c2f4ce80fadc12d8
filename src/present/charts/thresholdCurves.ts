// Localisation accuracy against the CAM threshold τ as Plot options (MaxBoxAcc, definitions.md §3): one line per model,
// its maximum (MaxBoxAcc at the best τ) as a dot, and, in the panel, the τ the boxes are drawn at as a dashed vertical line.
import * as Plot from '@observablehq/plot';
import { hasBoxMetrics, type CamResults } from '../../protocol/cam';
import type { RunRecord } from '../../protocol/records';
import { modelDisplayName } from '../format';
import { chartFrame, type ChartSize, type ChartTheme } from './chartTheme';
import { percentTick } from './renderChart';

export interface ThresholdCurve {
  name: string;
  color: string;
  thresholds: readonly number[];
  accuracies: readonly number[];
  best: { threshold: number; accuracy: number };
}

export interface ThresholdCurveSpec {
  /** What the chart shows, for screen readers. */
  description: string;
  curves: readonly ThresholdCurve[];
  yAxisLabel: string;
  /** The τ the panel's boxes are drawn at; none in a report. */
  shownThreshold?: number;
}

interface Row { series: string; x: number; y: number }

/** The curves of the runs that have box metrics, each in the colour of its place among all `records`; null when none has. */
export function localisationCurveSpec(records: readonly RunRecord<CamResults>[], colorOf: (index: number) => string, shownThreshold?: number): ThresholdCurveSpec | null {
  const curves = records.flatMap(({ results: r }, index): ThresholdCurve[] => (hasBoxMetrics(r) ? [{
    name: modelDisplayName(r.modelPath), color: colorOf(index), thresholds: r.thresholds, accuracies: r.maxBoxAcc.accuracies,
    best: { threshold: r.maxBoxAcc.bestThreshold, accuracy: r.maxBoxAcc.maxAccuracy },
  }] : []));
  if (curves.length === 0) return null;
  return {
    description: `Box accuracy (largest contour, IoU ≥ 0.5) against the CAM threshold for ${curves.map((c) => c.name).join(' and ')}; the dot marks each model's MaxBoxAcc${shownThreshold === undefined ? '' : `; the dashed line is the τ shown (${shownThreshold.toFixed(2)})`}.`,
    yAxisLabel: 'Box accuracy (IoU ≥ 0.5)',
    curves,
    ...(shownThreshold === undefined ? {} : { shownThreshold }),
  };
}

export function thresholdCurveOptions(spec: ThresholdCurveSpec, theme: ChartTheme, size: ChartSize): Plot.PlotOptions {
  const rows: Row[] = spec.curves.flatMap((c) => c.thresholds.map((x, i) => ({ series: c.name, x, y: c.accuracies[i] })));
  const best: Row[] = spec.curves.map((c) => ({ series: c.name, x: c.best.threshold, y: c.best.accuracy }));
  const shown = spec.shownThreshold;
  return {
    ...chartFrame(size, spec.description),
    x: { label: 'CAM threshold τ', labelAnchor: 'center', labelOffset: 34, domain: [0, 1] },
    y: { label: spec.yAxisLabel, domain: [0, 1], tickFormat: percentTick },
    color: { legend: true, domain: spec.curves.map((c) => c.name), range: spec.curves.map((c) => c.color) },
    marks: [
      Plot.gridY({ stroke: theme.grid, strokeOpacity: 1 }),
      ...(shown === undefined ? [] : [
        Plot.ruleX([shown], { stroke: theme.muted, strokeDasharray: '5,4', strokeWidth: 1.5 }),
        // Labelled on the side with room: left of a rule in the right half, right of one in the left half.
        Plot.text([shown], {
          x: (d: number) => d, frameAnchor: 'top', dy: 2, dx: shown > 0.5 ? -4 : 4, textAnchor: shown > 0.5 ? 'end' : 'start', text: (d: number) => `τ shown (${d.toFixed(2)})`, fill: theme.muted,
        }),
      ]),
      Plot.line(rows, { x: 'x', y: 'y', z: 'series', stroke: 'series', strokeWidth: 2 }),
      Plot.dot(best, { x: 'x', y: 'y', fill: 'series', r: 5, stroke: 'white' }),
      ...(theme.tips ? [Plot.tip(rows, Plot.pointer({ x: 'x', y: 'y', title: (d: Row) => `${d.series}: ${percentTick(d.y)} at τ = ${d.x.toFixed(2)}` }))] : []),
    ],
  };
}
