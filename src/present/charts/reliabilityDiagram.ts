// The reliability diagram of definitions.md §5 as Plot options: accuracy per confidence bin as bars with each bin's image
// count above it, empty bins as dashed outlines, the diagonal of perfect calibration, and, where temperature scaling was
// fitted, each non-empty bin's accuracy after scaling as a diamond over the same bins.
import * as Plot from '@observablehq/plot';
import type { SweepCalibration } from '../../protocol/sweep';
import { reliabilityBars } from '../calibrationFigures';
import { formatTemperature } from '../temperatureFigures';
import { chartFrame, FRAME_MARGINS, type ChartSize, type ChartTheme } from './chartTheme';
import { percentTick } from './renderChart';

/** The legend entry of the scaled points. */
export function scaledSeriesLabel(temperature: number): string {
  return `after temperature scaling (T = ${formatTemperature(temperature)})`;
}

export function reliabilityDiagramOptions(calibration: SweepCalibration, modelName: string, color: string, theme: ChartTheme, size: ChartSize): Plot.PlotOptions {
  const bars = reliabilityBars(calibration).map((b) => ({ ...b, centre: (b.lower + b.upper) / 2, label: String(b.count) }));
  const filled = bars.filter((b) => b.accuracy !== null);
  const empty = bars.filter((b) => b.accuracy === null);
  const accuracyLabel = `${modelName}: accuracy`;
  const scaling = calibration.temperatureScaling;
  const scaledLabel = scaling ? scaledSeriesLabel(scaling.temperature) : null;
  const scaled = scaling ? scaling.bins.flatMap((b) => (b.count > 0 && b.accuracy !== null ? [{ x: (b.lower + b.upper) / 2, y: b.accuracy, count: b.count }] : [])) : [];
  const description = `Reliability diagram of ${modelName} on ${calibration.imageCount} clean images: accuracy per confidence bin with its image count; empty bins are dashed outlines; the diagonal is perfect calibration${scaledLabel ? `; diamonds: accuracy per bin ${scaledLabel}` : ''}.`;
  return {
    // Room above the plot for the bin counts.
    ...chartFrame(size, description, { ...FRAME_MARGINS, marginTop: 30 }),
    x: { domain: [0, 1], label: 'confidence (max softmax probability)', labelAnchor: 'center', labelOffset: 34, tickFormat: percentTick },
    y: { domain: [0, 1], label: 'accuracy', tickFormat: percentTick },
    color: { legend: true, domain: [accuracyLabel, ...(scaledLabel ? [scaledLabel] : [])], range: [color, theme.text] },
    marks: [
      Plot.gridY({ stroke: theme.grid, strokeOpacity: 1 }),
      Plot.rectY(filled, { x1: 'lower', x2: 'upper', y: 1, fill: theme.track, inset: 0.5 }),
      Plot.rectY(empty, { x1: 'lower', x2: 'upper', y: 1, fill: 'none', stroke: theme.muted, strokeDasharray: '2,2', inset: 1 }),
      Plot.rectY(filled, {
        x1: 'lower', x2: 'upper', y: 'accuracy', fill: () => accuracyLabel, inset: 0.5,
        ...(theme.tips ? { tip: true, title: (b: (typeof filled)[number]) => `${percentTick(b.lower)}–${percentTick(b.upper)}: accuracy ${percentTick(b.accuracy ?? 0)} of ${b.count} images` } : {}),
      }),
      Plot.line([{ x: 0, y: 0 }, { x: 1, y: 1 }], { x: 'x', y: 'y', stroke: theme.muted, strokeDasharray: '4,3' }),
      ...(scaledLabel ? [Plot.dot(scaled, {
        x: 'x', y: 'y', symbol: 'diamond', r: 4, fill: () => scaledLabel,
        ...(theme.tips ? { tip: true, title: (d: (typeof scaled)[number]) => `${scaledLabel}: accuracy ${percentTick(d.y)} of ${d.count} images` } : {}),
      })] : []),
      Plot.text(bars, { x: 'centre', y: 1, text: 'label', dy: -7, fontSize: 9, fill: theme.muted }),
    ],
  };
}
