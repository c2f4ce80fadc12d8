// Keeps one Chart.js chart per canvas id across re-renders: updated in place when its canvas survives, re-created when not.
import {
  BarController, BarElement, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration,
} from 'chart.js';

Chart.register(LineController, BarController, LineElement, BarElement, PointElement, LinearScale, Legend, Tooltip);

export type SweepChartConfig = ChartConfiguration<'line' | 'bar', Array<{ x: number; y: number }>>;

export class ChartSlots {
  private readonly charts = new Map<string, Chart<'line' | 'bar', Array<{ x: number; y: number }>>>();

  /** Draws every `configs` entry on the canvas with that id under `root`; charts whose canvas is gone are destroyed. */
  draw(root: ParentNode, configs: ReadonlyMap<string, SweepChartConfig>): void {
    for (const [id, chart] of this.charts) {
      const canvas = root.querySelector<HTMLCanvasElement>(`#${CSS.escape(id)}`);
      if (!configs.has(id) || chart.canvas !== canvas) this.remove(id);
    }
    for (const [id, config] of configs) {
      const canvas = root.querySelector<HTMLCanvasElement>(`#${CSS.escape(id)}`);
      if (!canvas) continue;
      const existing = this.charts.get(id);
      // A chart's plugins are fixed when it is made: a config that brings its own (e.g. bin-count labels) gets a new chart.
      if (existing && config.plugins?.length) this.remove(id);
      else if (existing) {
        existing.data = config.data;
        if (config.options) existing.options = config.options;
        existing.update();
        continue;
      }
      this.charts.set(id, new Chart(canvas, config));
    }
  }

  destroyAll(): void {
    for (const id of [...this.charts.keys()]) this.remove(id);
  }

  private remove(id: string): void {
    this.charts.get(id)?.destroy();
    this.charts.delete(id);
  }
}
