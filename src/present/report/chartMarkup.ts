// A chart module's Plot options drawn as static SVG for the reports, with linkedom standing in for the browser's document.
import type * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { renderChart } from '../charts/renderChart';
import { Markup } from './html';

export function chartMarkup(options: Plot.PlotOptions): Markup {
  const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');
  return new Markup(renderChart(options, document as unknown as Document).outerHTML);
}
