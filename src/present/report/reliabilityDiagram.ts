// The reliability diagram of definitions.md §5: accuracy per confidence bin as bars with each bin's image count above it,
// empty bins drawn as dashed empty outlines, against the diagonal of perfect calibration; static SVG by Observable Plot with linkedom.
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { SweepCalibration } from '../../protocol/sweep';
import { reliabilityBars } from '../calibrationFigures';
import { Markup } from './html';

const EMPTY_BIN_STROKE = '#8c959f';
const TRACK_FILL = '#eaeef2';

export function reliabilityDiagramSvg(calibration: SweepCalibration, modelName: string, color: string): Markup {
  const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');
  const bars = reliabilityBars(calibration).map((b) => ({ ...b, centre: (b.lower + b.upper) / 2, label: String(b.count) }));
  const filled = bars.filter((b) => b.accuracy !== null);
  const empty = bars.filter((b) => b.accuracy === null);
  const chart = Plot.plot({
    document: document as unknown as Document,
    width: 360,
    height: 280,
    marginTop: 30,
    marginBottom: 40,
    marginLeft: 46,
    ariaDescription: `Reliability diagram of ${modelName} on ${calibration.imageCount} clean images: accuracy per confidence bin with its image count; empty bins are dashed outlines; the diagonal is perfect calibration.`,
    style: { fontSize: '12px', background: 'transparent' },
    x: { domain: [0, 1], label: 'confidence (max softmax probability)', labelAnchor: 'center', labelOffset: 34, tickFormat: (d: number) => `${Math.round(d * 100)}%` },
    y: { domain: [0, 1], label: 'accuracy', grid: true, tickFormat: (d: number) => `${Math.round(d * 100)}%` },
    marks: [
      Plot.rectY(filled, { x1: 'lower', x2: 'upper', y: 1, fill: TRACK_FILL, inset: 0.5 }),
      Plot.rectY(empty, { x1: 'lower', x2: 'upper', y: 1, fill: 'none', stroke: EMPTY_BIN_STROKE, strokeDasharray: '2,2', inset: 1 }),
      Plot.rectY(filled, { x1: 'lower', x2: 'upper', y: 'accuracy', fill: color, inset: 0.5 }),
      Plot.line([{ x: 0, y: 0 }, { x: 1, y: 1 }], { x: 'x', y: 'y', stroke: '#59636e', strokeDasharray: '4,3' }),
      Plot.text(filled, { x: 'centre', y: 1, text: 'label', dy: -7, fontSize: 9, fill: '#1f2328' }),
      Plot.text(empty, { x: 'centre', y: 1, text: 'label', dy: -7, fontSize: 9, fill: EMPTY_BIN_STROKE }),
    ],
  });
  return new Markup(chart.outerHTML);
}
