// Draws a chart module's Plot options with linkedom, as the reports do, and reads its marks back: Plot labels each mark's
// group with its kind (aria-label "line", "rect", "dot", "text", "rule", "x-axis label", …), and the legend's swatches by class.
import type * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { CHART_CLASS, renderChart } from '../../../src/present/charts/renderChart';

export function drawn(options: Plot.PlotOptions): Element {
  const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');
  return renderChart(options, document as unknown as Document);
}

/** The groups of marks of one kind, in drawing order. */
export function marks(chart: Element, kind: string): Element[] {
  return [...chart.querySelectorAll(`g[aria-label="${kind}"]`)];
}

/** The texts of a group's (or the chart's) <text> elements. */
export function texts(element: Element): string[] {
  return [...element.querySelectorAll('text')].map((t) => t.textContent ?? '');
}

export function legend(chart: Element): string[] {
  return [...chart.querySelectorAll(`.${CHART_CLASS}-swatch`)].map((s) => (s.textContent ?? '').trim());
}

/** A legend swatch's colour. */
export function swatchColor(chart: Element, entry: string): string | null {
  const swatch = [...chart.querySelectorAll(`.${CHART_CLASS}-swatch`)].find((s) => (s.textContent ?? '').trim() === entry);
  return swatch?.querySelector('svg')?.getAttribute('fill') ?? null;
}

/** The x of an element placed by `transform="translate(x,y)"`. */
export function translateX(element: Element): number {
  return Number(/translate\(([-\d.e]+),/.exec(element.getAttribute('transform') ?? '')?.[1]);
}

export function numberAttribute(element: Element, name: string): number {
  return Number(element.getAttribute(name));
}
