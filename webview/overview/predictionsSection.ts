// The last prediction run: summary line, confidence chart, skipped files and the image grid.
import { html, nothing, type TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { RunRecord } from '../../src/protocol/records';
import type { ImagePrediction, PredictResults } from '../../src/protocol/predict';
import { formatCount, formatPercent } from '../../src/present/format';
import { confidenceHistogram, describeHistogram, predictionOutcome, summarisePredictions, type Outcome } from '../../src/present/predictionStats';
import { confidenceHistogramSpec } from '../../src/present/charts/confidenceHistogram';
import { stackedBarOptions } from '../../src/present/charts/stackedBars';
import { PANEL_CHART_THEME } from '../shared/chartTheme';
import { drawChart } from '../shared/plotChart';
import { warningsTemplate } from './inspectionSection';
import { predictionCardTemplate } from './predictionCard';

const CHART_HEIGHT = 260;

export type GridFilter = 'all' | Outcome;

const filterLabels: Record<GridFilter, string> = { all: 'All images', incorrect: 'Incorrect only', correct: 'Correct only', unlabelled: 'Unlabelled only' };

export interface PredictionsSectionProps {
  record: RunRecord<PredictResults>;
  classNames: readonly string[];
  filter: GridFilter;
  setFilter(filter: GridFilter): void;
}

function summaryTemplate(results: PredictResults, record: RunRecord<PredictResults>): TemplateResult {
  const summary = summarisePredictions(results);
  const parts: TemplateResult[] = [html`<strong>${formatCount(summary.imageCount)}</strong> images`];
  if (summary.top1Accuracy !== null) {
    parts.push(html`top-1 accuracy <strong>${formatPercent(summary.top1Accuracy)}</strong> over ${formatCount(summary.labelledCount)} labelled`);
  }
  if (summary.meanConfidence !== null) parts.push(html`mean confidence ${formatPercent(summary.meanConfidence)}`);
  if (record.timings.imagesPerSecond !== null) parts.push(html`${record.timings.imagesPerSecond.toFixed(1)} images/s`);
  if (summary.skippedCount > 0) parts.push(html`<span class="status-warn">${formatCount(summary.skippedCount)} skipped</span>`);
  return html`<p class="run-summary">${parts.map((part, i) => html`${i > 0 ? html`<span class="separator" aria-hidden="true">·</span>` : nothing}${part}`)}</p>`;
}

function skippedTemplate(results: PredictResults): TemplateResult | typeof nothing {
  if (results.skipped.length === 0) return nothing;
  return html`
    <vscode-collapsible heading="Skipped files" description=${`${results.skipped.length}`}>
      <ul class="skipped-list">
        ${results.skipped.map((file) => html`<li><span class="mono">${file.path}</span> <span class="muted">— ${file.reason}</span></li>`)}
      </ul>
    </vscode-collapsible>`;
}

function availableFilters(predictions: readonly ImagePrediction[]): GridFilter[] {
  const outcomes = new Set(predictions.map(predictionOutcome));
  return (['all', 'incorrect', 'correct', 'unlabelled'] as const).filter((filter) => filter === 'all' || outcomes.has(filter));
}

export function predictionsTemplate(props: PredictionsSectionProps): TemplateResult {
  const { record, classNames } = props;
  const results = record.results;
  const histogram = confidenceHistogram(results.predictions);
  const filters = availableFilters(results.predictions);
  const filter = filters.includes(props.filter) ? props.filter : 'all';
  const shown = filter === 'all' ? results.predictions : results.predictions.filter((p) => predictionOutcome(p) === filter);
  return html`
    <section class="panel-section" aria-labelledby="results-heading">
      <h2 id="results-heading">Predictions</h2>
      ${summaryTemplate(results, record)}
      ${warningsTemplate(results.warnings)}
      ${skippedTemplate(results)}
      ${results.predictions.length === 0
        ? nothing
        : html`<div class="chart-box" role="img" aria-label=${describeHistogram(histogram)}
            ${ref((box) => drawChart(box, CHART_HEIGHT, (size) => stackedBarOptions(confidenceHistogramSpec(histogram, PANEL_CHART_THEME), PANEL_CHART_THEME, size)))}></div>`}
      ${filters.length > 2
        ? html`<div class="grid-toolbar">
            <vscode-label for="grid-filter">Show</vscode-label>
            <vscode-single-select id="grid-filter" .value=${filter}
              @change=${(event: Event) => props.setFilter((event.target as HTMLSelectElement).value as GridFilter)}>
              ${filters.map((option) => html`<vscode-option value=${option} ?selected=${option === filter}>${filterLabels[option]}</vscode-option>`)}
            </vscode-single-select>
            <span class="muted">${formatCount(shown.length)} shown</span>
          </div>`
        : nothing}
      <div class="prediction-grid">
        ${shown.map((prediction) => predictionCardTemplate(prediction, classNames))}
      </div>
    </section>`;
}
