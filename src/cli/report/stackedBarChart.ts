// A stacked vertical bar chart as inline SVG: y grid with nice ticks, category axis, axis titles and a legend.
import { html, type Markup } from './html';
import { linearScale } from './linearScale';

export interface BarSeries {
  name: string;
  /** Any CSS colour. */
  color: string;
  /** One value per category. */
  values: number[];
}

export interface StackedBarChartSpec {
  /** What the chart shows, for screen readers and the tooltip. */
  description: string;
  categories: string[];
  series: BarSeries[];
  xAxisLabel: string;
  yAxisLabel: string;
  /** Counts: integer ticks only. */
  integerValues: boolean;
  width?: number;
  height?: number;
}

const margin = { top: 36, right: 16, bottom: 52, left: 56 };
const fontSize = 12;

function legend(series: readonly BarSeries[], right: number): Markup {
  // Laid out right to left so the legend ends at the plot's right edge.
  const swatch = 10;
  const gap = 18;
  let x = right;
  const items = [...series].reverse().map((s) => {
    const textWidth = s.name.length * fontSize * 0.6;
    x -= textWidth;
    const item = html`<rect x="${x - swatch - 5}" y="${margin.top - 26}" width="${swatch}" height="${swatch}" rx="2" fill="${s.color}"/>
      <text x="${x}" y="${margin.top - 17}" class="chart-legend">${s.name}</text>`;
    x -= swatch + 5 + gap;
    return item;
  });
  return html`<g>${items}</g>`;
}

export function stackedBarChartSvg(spec: StackedBarChartSpec): Markup {
  const width = spec.width ?? 640;
  const height = spec.height ?? 280;
  const plotLeft = margin.left;
  const plotRight = width - margin.right;
  const plotTop = margin.top;
  const plotBottom = height - margin.bottom;

  const totals = spec.categories.map((_, i) => spec.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const y = linearScale(Math.max(0, ...totals), [plotBottom, plotTop], { integers: spec.integerValues, targetTicks: 6 });
  const band = (plotRight - plotLeft) / Math.max(1, spec.categories.length);
  const barWidth = band * 0.72;

  const gridLines = y.ticks.map((tick) => html`
    <line x1="${plotLeft}" x2="${plotRight}" y1="${y.position(tick)}" y2="${y.position(tick)}" class="${tick === 0 ? 'chart-axis' : 'chart-grid'}"/>
    <text x="${plotLeft - 8}" y="${y.position(tick) + 4}" text-anchor="end" class="chart-tick">${tick}</text>`);

  const bars = spec.categories.map((category, i) => {
    const x = plotLeft + band * i + (band - barWidth) / 2;
    let stacked = 0;
    const segments = spec.series.map((s) => {
      const value = s.values[i] ?? 0;
      if (value <= 0) return html``;
      const top = y.position(stacked + value);
      const bottom = y.position(stacked);
      stacked += value;
      return html`<rect x="${x}" y="${top}" width="${barWidth}" height="${bottom - top}" fill="${s.color}"><title>${category}: ${value} ${s.name.toLowerCase()}</title></rect>`;
    });
    return html`${segments}<text x="${x + barWidth / 2}" y="${plotBottom + 18}" text-anchor="middle" class="chart-tick">${category}</text>`;
  });

  return html`<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${spec.description}" xmlns="http://www.w3.org/2000/svg">
    <title>${spec.description}</title>
    ${gridLines}
    ${bars}
    <text x="${(plotLeft + plotRight) / 2}" y="${height - 10}" text-anchor="middle" class="chart-axis-title">${spec.xAxisLabel}</text>
    <text transform="translate(16 ${(plotTop + plotBottom) / 2}) rotate(-90)" text-anchor="middle" class="chart-axis-title">${spec.yAxisLabel}</text>
    ${legend(spec.series, plotRight)}
  </svg>`;
}
