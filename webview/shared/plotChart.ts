// Draws a chart module's Plot options into a panel's chart box at the box's width, and again when that width changes.
// Plot's own <style> elements are removed: the panels' CSP has no 'unsafe-inline', and panel.css holds their rules.
import type * as Plot from '@observablehq/plot';
import type { ChartSize } from '../../src/present/charts/chartTheme';
import { renderChart } from '../../src/present/charts/renderChart';

export type ChartBuilder = (size: ChartSize) => Plot.PlotOptions;

/** Narrower than this, the axes' labels would overlap: the chart scrolls instead. */
const MIN_WIDTH = 280;

const builders = new WeakMap<Element, { build: ChartBuilder; height: number; width: number }>();

function draw(box: HTMLElement): void {
  const entry = builders.get(box);
  if (!entry) return;
  entry.width = Math.max(MIN_WIDTH, Math.floor(box.clientWidth));
  const chart = renderChart(entry.build({ width: entry.width, height: entry.height }), document);
  for (const style of chart.querySelectorAll('style')) style.remove();
  box.replaceChildren(chart);
}

function redrawResized(entries: readonly ResizeObserverEntry[], observer: ResizeObserver): void {
  for (const { target } of entries) {
    if (!target.isConnected) { observer.unobserve(target); continue; }
    const entry = builders.get(target);
    if (entry && target instanceof HTMLElement && Math.max(MIN_WIDTH, Math.floor(target.clientWidth)) !== entry.width) draw(target);
  }
}

/** Made on the first chart, so that importing a section that draws charts needs no browser. */
let resizes: ResizeObserver | null = null;

/** Draws `build`'s chart, `height` CSS pixels high, into `box` (a Lit ref's element) and keeps it as wide as the box. */
export function drawChart(box: Element | undefined, height: number, build: ChartBuilder): void {
  if (!(box instanceof HTMLElement)) return;
  builders.set(box, { build, height, width: 0 });
  draw(box);
  resizes ??= new ResizeObserver(redrawResized);
  resizes.observe(box);
}
