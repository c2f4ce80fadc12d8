// The score histograms of OOD detection (definitions.md §5) as Plot options: per score bin, the share of the in-distribution
// images (in the model's colour) beside the share of each OOD set (each in its own), side by side within the bin.
import * as Plot from '@observablehq/plot';
import type { SweepOodResult } from '../../protocol/sweep';
import { formatTickNumber } from '../chartNumbers';
import { OOD_SCORE_TITLES, oodSetLabel } from '../calibrationFigures';
import { chartFrame, type ChartSize, type ChartTheme } from './chartTheme';
import { percentTick } from './renderChart';

interface Row { set: string; x1: number; x2: number; share: number; count: number }

/** `rows`: one model's OOD results under one score (the same in-distribution images and bins in each). */
export function oodHistogramOptions(rows: readonly SweepOodResult[], modelName: string, color: string, theme: ChartTheme, size: ChartSize): Plot.PlotOptions {
  const first = rows[0];
  const score = first.score ?? 'msp';
  const sets = [
    { name: 'in-distribution', color, counts: first.histogram.map((b) => b.inCount), total: first.inCount },
    ...rows.map((o, i) => ({ name: oodSetLabel(o), color: theme.oodColors[i % theme.oodColors.length], counts: o.histogram.map((b) => b.outCount), total: o.outCount })),
  ];
  const bars: Row[] = sets.flatMap((set, k) => first.histogram.map((bin, b) => {
    const width = (bin.upper - bin.lower) / sets.length;
    return { set: set.name, x1: bin.lower + k * width, x2: bin.lower + (k + 1) * width, share: set.counts[b] / Math.max(1, set.total), count: set.counts[b] };
  }));
  // Max logit and energy have no fixed range: the x axis spans the histogram's bins.
  const xDomain = score === 'msp' ? [0, 1] : [first.histogram[0].lower, first.histogram[first.histogram.length - 1].upper];
  const xFormat = score === 'msp' ? percentTick : formatTickNumber;
  return {
    ...chartFrame(size, `${modelName}: ${OOD_SCORE_TITLES[score]} histograms, the share of the in-distribution images and of each OOD set per score bin`),
    x: { domain: xDomain, label: OOD_SCORE_TITLES[score], labelAnchor: 'center', labelOffset: 34, tickFormat: xFormat },
    y: { label: 'fraction of the set', tickFormat: percentTick, nice: true },
    color: { legend: true, domain: sets.map((s) => s.name), range: sets.map((s) => s.color) },
    marks: [
      Plot.gridY({ stroke: theme.grid, strokeOpacity: 1 }),
      Plot.rectY(bars, {
        x1: 'x1', x2: 'x2', y: 'share', fill: 'set', inset: 0,
        ...(theme.tips ? { tip: true, title: (r: Row) => `${r.set}: ${percentTick(r.share)} (${r.count} images)` } : {}),
      }),
      Plot.ruleY([0]),
    ],
  };
}
