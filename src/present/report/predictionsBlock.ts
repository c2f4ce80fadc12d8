// One model's prediction run in the report: headline numbers, confidence histogram, skipped files, and the image grid collapsed.
import type { RunRecord } from '../../protocol/records';
import type { ImagePrediction, PredictResults } from '../../protocol/predict';
import { formatCount, formatPercent, safeImageDataUri } from '../format';
import { confidenceHistogram, outcomeLabels, predictionOutcome, summarisePredictions, type Outcome } from '../predictionStats';
import { html, type Markup } from './html';
import { warnings } from './modelFacts';
import { confidenceHistogramSpec } from '../charts/confidenceHistogram';
import { stackedBarOptions } from '../charts/stackedBars';
import { REPORT_CHART_THEME } from '../charts/reportTheme';
import { chartMarkup } from './chartMarkup';

const outcomePills: Record<Outcome, string> = { correct: 'pill-ok', incorrect: 'pill-no', unlabelled: 'pill-info' };

function statTile(label: string, value: string, detail: string): Markup {
  return html`<div class="stat"><div class="stat-value">${value}</div><div class="stat-label">${label}</div><div class="stat-detail muted">${detail}</div></div>`;
}

function stats(record: RunRecord<PredictResults>): Markup {
  const summary = summarisePredictions(record.results);
  const speed = record.timings.imagesPerSecond;
  return html`<div class="stats">
    ${statTile('Top-1 accuracy', summary.top1Accuracy === null ? 'n/a' : formatPercent(summary.top1Accuracy), `${formatCount(summary.labelledCount)} labelled`)}
    ${statTile('Mean confidence', summary.meanConfidence === null ? 'n/a' : formatPercent(summary.meanConfidence), 'top-1 probability')}
    ${statTile('Images', formatCount(summary.imageCount), `${formatCount(summary.skippedCount)} skipped`)}
    ${statTile('Throughput', speed === null ? 'n/a' : `${speed.toFixed(1)}/s`, `${(record.timings.totalMs / 1000).toFixed(1)} s in all`)}
  </div>`;
}

function histogramChart(predictions: readonly ImagePrediction[]): Markup {
  const spec = confidenceHistogramSpec(confidenceHistogram(predictions), REPORT_CHART_THEME);
  return chartMarkup(stackedBarOptions(spec, REPORT_CHART_THEME, { width: 640, height: 280 }));
}

function skippedList(results: PredictResults): Markup {
  if (results.skipped.length === 0) return html``;
  return html`<details class="skipped"><summary>Skipped files (${results.skipped.length})</summary>
    <ul>${results.skipped.map((file) => html`<li><span class="mono">${file.path}</span> <span class="muted">— ${file.reason}</span></li>`)}</ul>
  </details>`;
}

function imageCard(prediction: ImagePrediction, classNames: readonly string[]): Markup {
  const outcome = predictionOutcome(prediction);
  const thumbnail = safeImageDataUri(prediction.thumbnail);
  const trueLabel = prediction.label === null ? 'unlabelled' : classNames[prediction.label] ?? `class ${prediction.label}`;
  return html`<figure class="image-card outcome-${outcome}">
    <div class="image-head">
      ${thumbnail === null ? html`<div class="thumb thumb-missing">no preview</div>` : html`<img class="thumb" src="${thumbnail}" alt="">`}
      <figcaption>
        <div class="image-name" title="${prediction.path}">${prediction.id}</div>
        <div><span class="muted">True</span> ${trueLabel}</div>
        <span class="pill ${outcomePills[outcome]}">${outcomeLabels[outcome].toLowerCase()}</span>
      </figcaption>
    </div>
    <ol class="scores">${prediction.top.map((score) => html`<li class="${score.index === prediction.label ? 'score is-true' : 'score'}">
      <span class="score-name" title="${score.name}">${score.name}</span><span class="score-value">${formatPercent(score.probability)}</span>
      <span class="score-track"><span class="score-fill" style="width: ${formatPercent(score.probability, 2)}"></span></span>
    </li>`)}</ol>
  </figure>`;
}

export function predictionsBlock(record: RunRecord<PredictResults>, classNames: readonly string[]): Markup {
  const { predictions } = record.results;
  return html`<div class="predictions">
    <h3>Predictions <span class="muted small">run ${record.id} · ${record.createdAt}</span></h3>
    ${stats(record)}
    ${predictions.length === 0 ? html`<p class="muted">No image was predicted.</p>` : html`<div class="chart-card">${histogramChart(predictions)}</div>`}
    ${warnings(record.results.warnings)}
    ${skippedList(record.results)}
    ${predictions.length === 0 ? '' : html`<details class="per-image"><summary>Every image's top-5 predictions (${formatCount(predictions.length)} images)</summary>
      <div class="image-grid">${predictions.map((prediction) => imageCard(prediction, classNames))}</div>
    </details>`}
  </div>`;
}
