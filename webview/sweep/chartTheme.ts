// Chart.js options coloured from the current VS Code theme, shared by every sweep chart.
import type { ChartOptions } from 'chart.js';
import { formatTickNumber } from '../../src/present/chartNumbers';
import { formatPercent } from '../../src/present/format';
import { themeColor } from '../shared/themeColors';

export interface AxisTitles { x: string; y: string }

/** Linear x and y axes with theme colours; y is a fraction shown in percent (0..1 unless `yMax` says otherwise). */
export function themedOptions<T extends 'line' | 'bar'>(titles: AxisTitles, xTicks: { stepSize?: number; percent?: boolean; min?: number; max?: number } = {}): ChartOptions<T> {
  const text = themeColor('--vscode-foreground', '#cccccc');
  const muted = themeColor('--vscode-descriptionForeground', text);
  const grid = themeColor('--vscode-editorWidget-border', themeColor('--vscode-widget-border', 'rgba(128, 128, 128, 0.35)'));
  const font = { family: themeColor('--vscode-font-family', 'sans-serif'), size: 12 };
  const axisTitle = (label: string) => ({ display: true, text: label, color: muted, font });
  const options: ChartOptions<'line'> = {
    responsive: true, maintainAspectRatio: false, animation: false, parsing: false,
    scales: {
      x: {
        type: 'linear', min: xTicks.min, max: xTicks.max, title: axisTitle(titles.x), grid: { color: grid }, border: { color: grid },
        ticks: { color: muted, font, stepSize: xTicks.stepSize, callback: (value) => (xTicks.percent ? formatPercent(Number(value), 0) : formatTickNumber(Number(value))) },
      },
      y: { min: 0, max: 1, title: axisTitle(titles.y), grid: { color: grid }, border: { display: false }, ticks: { color: muted, font, callback: (value) => formatPercent(Number(value), 0) } },
    },
    plugins: {
      legend: { position: 'top', align: 'end', labels: { color: text, font, boxWidth: 14, boxHeight: 2 } },
      tooltip: { mode: 'nearest', intersect: false, callbacks: { label: (item) => `${item.dataset.label}: ${formatPercent(item.parsed.y ?? 0)}` } },
    },
  };
  return options as ChartOptions<T>;
}
