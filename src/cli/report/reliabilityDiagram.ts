// The reliability diagram of definitions.md §5: accuracy per confidence bin against the diagonal of perfect calibration,
// rendered to static SVG by Observable Plot with linkedom.
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { SweepCalibration } from '../../protocol/sweep';
import { Markup } from './html';

export function reliabilityDiagramSvg(calibration: SweepCalibration, modelName: string): Markup {
  const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');
  const filled = calibration.bins.filter((b) => b.count > 0).map((b) => ({ x1: b.lower, x2: b.upper, y: b.accuracy ?? 0, confidence: b.meanConfidence ?? 0 }));
  const chart = Plot.plot({
    document: document as unknown as Document,
    width: 320,
    height: 280,
    marginBottom: 40,
    ariaDescription: `Reliability diagram of ${modelName}: accuracy per confidence bin; the diagonal is perfect calibration.`,
    style: { fontSize: '12px', background: 'transparent' },
    x: { domain: [0, 1], label: 'confidence (max softmax probability)', labelAnchor: 'center', labelOffset: 34 },
    y: { domain: [0, 1], label: 'accuracy', grid: true },
    marks: [
      Plot.rectY(filled, { x1: 'x1', x2: 'x2', y: 'y', fill: '#0969da', fillOpacity: 0.7, inset: 0.5 }),
      Plot.line([{ x: 0, y: 0 }, { x: 1, y: 1 }], { x: 'x', y: 'y', stroke: '#cf222e', strokeDasharray: '4,3' }),
    ],
  });
  return new Markup(chart.outerHTML);
}
