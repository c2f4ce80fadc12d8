// The side-by-side table of every model in the report: accuracy, mean confidence, image counts.
import type { LoadedModel } from '../../protocol/engine';
import type { PredictResults } from '../../protocol/predict';
import type { RunRecord } from '../../protocol/records';
import { formatCount, formatPercent, modelDisplayName } from '../format';
import { summarisePredictions } from '../predictionStats';
import { html, type Markup } from './html';
import { reportModelColor } from '../charts/modelPalette';

export interface ComparedModel {
  anchor: string;
  model: LoadedModel;
  predictions: RunRecord<PredictResults>;
}

export function comparisonTable(models: readonly ComparedModel[]): Markup {
  const accuracies = models.map((m) => m.predictions.results.top1Accuracy).filter((a): a is number => a !== null);
  const best = accuracies.length > 1 ? Math.max(...accuracies) : null;
  const imageCounts = [...new Set(models.map((m) => m.predictions.results.predictions.length))];
  return html`<section class="comparison" id="comparison">
    <h2>Comparison <span class="muted small">on ${imageCounts.map(formatCount).join(' / ')} images</span></h2>
    <table class="data-table compare-table">
      <thead><tr><th>Model</th><th class="numeric">Top-1 accuracy</th><th class="numeric">Mean confidence</th><th class="numeric">Images</th><th class="numeric">Labelled</th><th class="numeric">Skipped</th><th class="numeric">Parameters</th></tr></thead>
      <tbody>${models.map(({ anchor, model, predictions }, index) => {
        const summary = summarisePredictions(predictions.results);
        const isBest = best !== null && summary.top1Accuracy === best;
        return html`<tr>
          <td><span class="model-swatch" style="background: ${reportModelColor(index)}"></span><a href="#${anchor}">${modelDisplayName(model.inspection.path)}</a></td>
          <td class="${isBest ? 'numeric best' : 'numeric'}">${summary.top1Accuracy === null ? 'n/a' : formatPercent(summary.top1Accuracy)}</td>
          <td class="numeric">${summary.meanConfidence === null ? 'n/a' : formatPercent(summary.meanConfidence)}</td>
          <td class="numeric">${formatCount(summary.imageCount)}</td>
          <td class="numeric">${formatCount(summary.labelledCount)}</td>
          <td class="numeric">${formatCount(summary.skippedCount)}</td>
          <td class="numeric">${formatCount(model.inspection.parameterCount)}</td>
        </tr>`;
      })}</tbody>
    </table>
  </section>`;
}
