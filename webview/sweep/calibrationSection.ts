// Calibration on clean images (ECE, adaptive and classwise ECE, NLL; reliability diagram per model: accuracy per confidence
// bin as bars with each bin's image count above it, empty bins outlined, the diagonal is perfect) and OOD detection under the
// chosen score (histograms of the score, in-distribution against each OOD set, and the metrics with their units), per model.
import { html, nothing, type TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { SweepModelResult, SweepOodResult, SweepResults } from '../../src/protocol/sweep';
import {
  OOD_SCORE_CHOICES, OOD_SCORE_TITLES, calibrationLine, logProbabilityNote, oodMetricsNote, oodReading, oodRows, oodSetLabel, oodVerdict, reliabilityCaption,
  type OodScoreChoice,
} from '../../src/present/calibrationFigures';
import { formatPercent } from '../../src/present/format';
import { scaledBinsCaption, temperatureCaption, temperatureRows } from '../../src/present/temperatureFigures';
import { panelModelColor } from '../../src/present/charts/modelPalette';
import { oodHistogramOptions } from '../../src/present/charts/oodHistogram';
import { reliabilityDiagramOptions } from '../../src/present/charts/reliabilityDiagram';
import { PANEL_CHART_THEME } from '../shared/chartTheme';
import { drawChart } from '../shared/plotChart';

const RELIABILITY_HEIGHT = 300;
const HISTOGRAM_HEIGHT = 260;

/** A metric that records written before it was kept lack: shown as a dash. */
function optionalPercent(fraction: number | undefined): string {
  return fraction === undefined ? '–' : formatPercent(fraction);
}

function oodTable(models: readonly SweepModelResult[], choice: OodScoreChoice): TemplateResult {
  const verdicts = models.flatMap((m) => [...(choice === 'msp' || choice === 'all' ? [oodVerdict(m) ?? []] : []), logProbabilityNote(m, choice) ?? []].flat());
  const all = choice === 'all';
  return html`<p class="table-note muted">${oodMetricsNote(choice)}</p>
  <table class="data-table">
    <thead><tr><th scope="col">Model</th><th scope="col">OOD set</th>${all ? html`<th scope="col">Score</th>` : nothing}<th scope="col" class="numeric">Images (in / out)</th><th scope="col" class="numeric">AUROC</th><th scope="col" class="numeric">TNR at TPR 95%</th><th scope="col" class="numeric">FPR at TPR 95%</th><th scope="col" class="numeric">AUPR-In</th><th scope="col" class="numeric">AUPR-Out</th><th scope="col" class="numeric">Detection acc.</th><th scope="col">Reading</th></tr></thead>
    <tbody>${models.flatMap((m) => oodRows(m, choice).map(({ score, result: o }) => html`<tr><th scope="row">${m.name}</th><td title=${o.description}>${oodSetLabel(o)}</td>${all ? html`<td>${OOD_SCORE_TITLES[score]}</td>` : nothing}<td class="numeric">${o.inCount} / ${o.outCount}</td>
      <td class="numeric">${formatPercent(o.auroc)}</td><td class="numeric">${formatPercent(o.tnrAtTpr95)}</td><td class="numeric">${optionalPercent(o.fprAtTpr95)}</td><td class="numeric">${optionalPercent(o.auprIn)}</td><td class="numeric">${optionalPercent(o.auprOut)}</td><td class="numeric">${formatPercent(o.detectionAccuracy)}</td>
      <td class=${o.auroc < 0.5 ? 'ood-reading reversed' : 'ood-reading'}>${oodReading(o)}</td></tr>`))}</tbody>
  </table>
  ${verdicts.length ? html`<ul class="warning-list">${verdicts.map((v) => html`<li><span class="codicon codicon-warning" aria-hidden="true"></span><span>${v}</span></li>`)}</ul>` : nothing}`;
}

/** Before / after temperature scaling, a small table per model under its fit's caption (definitions.md §5); nothing without a calibration split. */
function temperatureTable(models: readonly SweepModelResult[]): TemplateResult | typeof nothing {
  const scaled = models.flatMap((m) => (m.calibration.temperatureScaling ? [{ m, scaling: m.calibration.temperatureScaling }] : []));
  if (!scaled.length) return nothing;
  return html`${scaled.map(({ m, scaling }) => html`<p class="table-note">${m.name}: before / after temperature scaling (${temperatureCaption(scaling)}), on the ${m.calibration.imageCount} evaluated clean images</p>
    <table class="data-table" aria-label=${`${m.name}: calibration before and after temperature scaling`}>
      <thead><tr><th scope="col">Metric</th><th scope="col" class="numeric">Before (T = 1)</th><th scope="col" class="numeric">After</th></tr></thead>
      <tbody>${temperatureRows(m.calibration, scaling).map((r) => html`<tr><th scope="row">${r.metric}</th><td class="numeric">${r.before}</td><td class="numeric">${r.after}</td></tr>`)}</tbody>
    </table>`)}`;
}

/** The rows whose histograms a model's OOD chart shows: the chosen score's (max softmax probability under 'all'). */
export function histogramRows(model: SweepModelResult, choice: OodScoreChoice): SweepOodResult[] {
  return oodRows(model, choice === 'all' ? 'msp' : choice).map((row) => row.result);
}

export function calibrationTemplate(results: SweepResults, choice: OodScoreChoice, chooseScore: (choice: OodScoreChoice) => void): TemplateResult {
  const withOod = results.models.filter((m) => m.ood.length > 0);
  const chartScore = OOD_SCORE_TITLES[choice === 'all' ? 'msp' : choice];
  return html`
    <section class="panel-section chart-section" aria-label="Calibration and OOD detection">
      <div class="section-heading">
        <span class="codicon codicon-pulse" aria-hidden="true"></span><h2>Calibration and OOD detection</h2>
        ${withOod.length ? html`<span class="heading-spacer"></span>
        <vscode-label for="ood-score-select">OOD score</vscode-label>
        <vscode-single-select id="ood-score-select" .value=${choice}
          @change=${(event: Event) => { const value = (event.target as VscodeSingleSelect).value as OodScoreChoice; if (value !== choice) chooseScore(value); }}>
          ${OOD_SCORE_CHOICES.map((c) => html`<vscode-option value=${c} ?selected=${c === choice}>${c === 'all' ? 'all three' : OOD_SCORE_TITLES[c]}</vscode-option>`)}
        </vscode-single-select>` : nothing}
      </div>
      <ul class="table-note muted">${results.models.map((m) => html`<li>${m.name}: ${calibrationLine(m.calibration)}, on ${results.imageCount} clean images</li>`)}</ul>
      ${temperatureTable(results.models)}
      <div class="chart-grid">
        ${results.models.map((m, i) => html`<div class="chart-card"><h3>${m.name}: reliability diagram</h3><div class="chart-box" role="img" aria-label=${`${m.name}: accuracy per confidence bin with image counts`}
          ${ref((box) => drawChart(box, RELIABILITY_HEIGHT, (size) => reliabilityDiagramOptions(m.calibration, m.name, panelModelColor(i), PANEL_CHART_THEME, size)))}></div><p class="table-note muted">${reliabilityCaption(m.calibration)}${m.calibration.temperatureScaling ? ` ${scaledBinsCaption(m.calibration.temperatureScaling)}` : ''}</p></div>`)}
        ${results.models.map((m, i) => (histogramRows(m, choice).length ? html`<div class="chart-card"><h3>${m.name}: ${chartScore}</h3><div class="chart-box" role="img" aria-label=${`${m.name}: ${chartScore} histograms, in-distribution and OOD`}
          ${ref((box) => drawChart(box, HISTOGRAM_HEIGHT, (size) => oodHistogramOptions(histogramRows(m, choice), m.name, panelModelColor(i), PANEL_CHART_THEME, size)))}></div><p class="table-note muted">Share of each set per score bin; ${m.ood[0].inCount} in-distribution images.</p></div>` : ''))}
      </div>
      ${withOod.length ? oodTable(withOod, choice) : ''}
    </section>`;
}
