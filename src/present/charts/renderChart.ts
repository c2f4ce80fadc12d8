// Draws a chart module's Plot options with the given document: linkedom's for the static reports, the browser's in a panel.
import * as Plot from '@observablehq/plot';

/** The class Plot puts on every chart (its `<style>` rules are scoped to it; the panels' style sheet repeats them). */
export const CHART_CLASS = 'lens-plot';

export function renderChart(options: Plot.PlotOptions, document: Document): SVGSVGElement | HTMLElement {
  return Plot.plot({ ...options, className: CHART_CLASS, document });
}

/** Percent ticks on a [0, 1] axis: 0.25 → "25%". */
export function percentTick(value: number): string {
  return `${Math.round(value * 100)}%`;
}
