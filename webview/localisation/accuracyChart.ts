// The Chart.js accuracy-versus-threshold curves (MaxBoxAcc, δ = 0.5), one per model, with each model's best τ marked
// and the τ the boxes are drawn at as a dashed vertical line; coloured from the current VS Code theme.
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, ScatterController, Tooltip, type ChartDataset, type ChartOptions } from 'chart.js';
import type { RunRecord } from '../../src/protocol/records';
import type { CamResults } from '../../src/protocol/cam';
import { hasBoxMetrics } from '../../src/protocol/cam';
import { formatPercent, modelDisplayName } from '../../src/present/format';
import { themeColor } from '../shared/themeColors';
import { modelColor } from './modelColors';

Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, Legend, Tooltip);

type Point = { x: number; y: number };
type CurveDataset = ChartDataset<'line', Point[]>;

const BEST_SUFFIX = ' best τ';

function datasets(records: readonly RunRecord<CamResults>[], threshold: number): CurveDataset[] {
  const curves = records.flatMap((record, i): CurveDataset[] => {
    const { results } = record;
    if (!hasBoxMetrics(results)) return [];
    const name = modelDisplayName(results.modelPath);
    const color = modelColor(i);
    return [
      { label: name, data: results.thresholds.map((x, t) => ({ x, y: results.maxBoxAcc.accuracies[t] })), borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: 0, pointHoverRadius: 3 },
      { label: `${name}${BEST_SUFFIX}`, data: [{ x: results.maxBoxAcc.bestThreshold, y: results.maxBoxAcc.maxAccuracy }], borderColor: color, backgroundColor: color, showLine: false, pointRadius: 5, pointHoverRadius: 6, pointStyle: 'circle' },
    ];
  });
  const muted = themeColor('--vscode-descriptionForeground', '#999999');
  const shown: CurveDataset = { label: `τ shown (${threshold.toFixed(2)})`, data: [{ x: threshold, y: 0 }, { x: threshold, y: 1 }], borderColor: muted, backgroundColor: muted, borderDash: [5, 4], borderWidth: 1.5, pointRadius: 0 };
  return [...curves, shown];
}

export class AccuracyChart {
  private chart: Chart<'line', Point[]> | null = null;

  /** Draws the curves of `records` on `canvas`, with the line at `threshold`, reusing the chart for the same canvas. */
  show(canvas: HTMLCanvasElement, records: readonly RunRecord<CamResults>[], threshold: number): void {
    if (this.chart !== null && this.chart.canvas !== canvas) this.destroy();
    if (this.chart === null) {
      this.chart = new Chart(canvas, { type: 'line', data: { datasets: datasets(records, threshold) }, options: this.options() });
    } else {
      this.chart.data.datasets = datasets(records, threshold);
      this.chart.update();
    }
  }

  /** Re-reads the theme colours after VS Code switched theme. */
  recolor(records: readonly RunRecord<CamResults>[], threshold: number): void {
    if (this.chart === null) return;
    this.chart.options = this.options();
    this.chart.data.datasets = datasets(records, threshold);
    this.chart.update();
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = null;
  }

  private options(): ChartOptions<'line'> {
    const text = themeColor('--vscode-foreground', '#cccccc');
    const muted = themeColor('--vscode-descriptionForeground', text);
    const grid = themeColor('--vscode-editorWidget-border', themeColor('--vscode-widget-border', 'rgba(128, 128, 128, 0.35)'));
    const font = { family: themeColor('--vscode-font-family', 'sans-serif'), size: 12 };
    const axisTitle = (label: string) => ({ display: true, text: label, color: muted, font });
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      parsing: false,
      scales: {
        x: { type: 'linear', min: 0, max: 1, title: axisTitle('CAM threshold τ'), ticks: { color: muted, font, stepSize: 0.1 }, grid: { color: grid }, border: { color: grid } },
        y: { min: 0, max: 1, title: axisTitle('Box accuracy (IoU ≥ 0.5)'), ticks: { color: muted, font, callback: (value) => formatPercent(Number(value), 0) }, grid: { color: grid }, border: { display: false } },
      },
      plugins: {
        legend: {
          position: 'top', align: 'end',
          labels: { color: text, font, boxWidth: 14, boxHeight: 2, filter: (item) => !item.text.endsWith(BEST_SUFFIX) },
        },
        tooltip: {
          mode: 'nearest', intersect: false,
          callbacks: { label: (item) => `${item.dataset.label}: ${formatPercent(item.parsed.y ?? 0)} at τ = ${(item.parsed.x ?? 0).toFixed(2)}` },
        },
      },
    };
  }
}
