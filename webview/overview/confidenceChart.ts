// The Chart.js histogram of top-1 confidence, stacked by outcome, coloured from the current VS Code theme.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartData } from 'chart.js';
import { histogramBinLabels, outcomeLabels, presentOutcomes, type ConfidenceHistogram, type Outcome } from '../../src/present/predictionStats';
import { themeColor } from '../shared/themeColors';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const outcomeColors: Record<Outcome, () => string> = {
  correct: () => themeColor('--vscode-charts-green', '#388a34'),
  incorrect: () => themeColor('--vscode-charts-red', '#e51400'),
  unlabelled: () => themeColor('--vscode-charts-blue', '#1a85ff'),
};

function chartData(histogram: ConfidenceHistogram): ChartData<'bar', number[], string> {
  return {
    labels: histogramBinLabels(histogram),
    datasets: presentOutcomes(histogram).map((outcome) => ({
      label: outcomeLabels[outcome],
      data: histogram.counts[outcome],
      backgroundColor: outcomeColors[outcome](),
      borderWidth: 0,
    })),
  };
}

export class ConfidenceChart {
  private chart: Chart<'bar', number[], string> | null = null;
  private shownHistogram = '';

  /** Draws `histogram` on `canvas`, reusing the chart while the canvas stays the same element. */
  show(canvas: HTMLCanvasElement, histogram: ConfidenceHistogram): void {
    if (this.chart !== null && this.chart.canvas !== canvas) this.destroy();
    const key = JSON.stringify(histogram);
    if (this.chart !== null && key === this.shownHistogram) return;
    this.shownHistogram = key;
    if (this.chart === null) {
      this.chart = new Chart(canvas, { type: 'bar', data: chartData(histogram), options: this.options() });
    } else {
      this.chart.data = chartData(histogram);
      this.chart.options = this.options();
      this.chart.update();
    }
  }

  /** Re-reads the theme colours after VS Code switched theme. */
  recolor(): void {
    if (this.chart === null) return;
    for (const dataset of this.chart.data.datasets) {
      const outcome = (Object.keys(outcomeLabels) as Outcome[]).find((key) => outcomeLabels[key] === dataset.label);
      if (outcome !== undefined) dataset.backgroundColor = outcomeColors[outcome]();
    }
    this.chart.options = this.options();
    this.chart.update();
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = null;
    this.shownHistogram = '';
  }

  private options(): NonNullable<ConstructorParameters<typeof Chart<'bar', number[], string>>[1]['options']> {
    const text = themeColor('--vscode-foreground', '#cccccc');
    const muted = themeColor('--vscode-descriptionForeground', text);
    const grid = themeColor('--vscode-editorWidget-border', themeColor('--vscode-widget-border', 'rgba(128, 128, 128, 0.35)'));
    const font = { family: themeColor('--vscode-font-family', 'sans-serif'), size: 12 };
    const axisTitle = (label: string) => ({ display: true, text: label, color: muted, font });
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { stacked: true, title: axisTitle('Top-1 confidence'), ticks: { color: muted, font }, grid: { display: false }, border: { color: grid } },
        y: {
          stacked: true, beginAtZero: true, title: axisTitle('Images'),
          ticks: { color: muted, font, precision: 0 }, grid: { color: grid }, border: { display: false },
        },
      },
      plugins: {
        legend: { position: 'top', align: 'end', labels: { color: text, font, boxWidth: 12, boxHeight: 12 } },
        tooltip: { mode: 'index', intersect: false },
      },
    };
  }
}
