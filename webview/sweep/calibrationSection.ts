// Calibration on clean images (ECE, adaptive and classwise ECE, NLL; reliability diagram per model: accuracy per confidence
// bin as bars with each bin's image count above it, empty bins outlined, the diagonal is perfect) and OOD detection under the
// chosen score (histograms of the score, in-distribution against each OOD set, and the metrics with their units), per model.
import { html, nothing, type TemplateResult } from 'lit';
import type { Plugin } from 'chart.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { SweepModelResult, SweepOodResult, SweepResults, SweepTemperatureScaling } from '../../src/protocol/sweep';
import {
  OOD_SCORE_CHOICES, OOD_SCORE_TITLES, calibrationLine, logProbabilityNote, oodMetricsNote, oodReading, oodRows, oodSetLabel, oodVerdict, reliabilityBars, reliabilityCaption,
  type OodScoreChoice,
} from '../../src/present/calibrationFigures';
import { formatPercent } from '../../src/present/format';
import { formatTemperature, temperatureCaption, temperatureRows } from '../../src/present/temperatureFigures';
import { themeColor } from '../shared/themeColors';
import { modelColor } from '../localisation/modelColors';
import { themedOptions } from './chartTheme';
import type { SweepChartConfig } from './chartSlots';

export const reliabilityCanvasId = (index: number): string => `reliability-chart-${index}`;
export const oodCanvasId = (index: number): string => `ood-chart-${index}`;

const oodColorVariables = [['--vscode-charts-red', '#f14c4c'], ['--vscode-charts-purple', '#b180d7'], ['--vscode-charts-yellow', '#cca700']] as const;

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
        ${results.models.map((m, i) => html`<div class="chart-card"><h3>${m.name}: reliability diagram</h3><div class="chart-box"><canvas id=${reliabilityCanvasId(i)} role="img" aria-label=${`${m.name}: accuracy per confidence bin with image counts`}></canvas></div><p class="table-note muted">${reliabilityCaption(m.calibration)}${m.calibration.temperatureScaling ? ` ${scaledBinsCaption(m.calibration.temperatureScaling)}` : ''}</p></div>`)}
        ${results.models.map((m, i) => (histogramRows(m, choice).length ? html`<div class="chart-card"><h3>${m.name}: ${chartScore}</h3><div class="chart-box"><canvas id=${oodCanvasId(i)} role="img" aria-label=${`${m.name}: ${chartScore} histograms, in-distribution and OOD`}></canvas></div><p class="table-note muted">Share of each set per score bin; ${m.ood[0].inCount} in-distribution images.</p></div>` : ''))}
      </div>
      ${withOod.length ? oodTable(withOod, choice) : ''}
    </section>`;
}

/** What the reliability diagram's second series shows, with the scaled bins' image counts (confidences move between bins when scaled). */
function scaledBinsCaption(scaling: SweepTemperatureScaling): string {
  return `Diamonds: accuracy per bin after temperature scaling (T = ${formatTemperature(scaling.temperature)}), with ${scaling.bins.map((b) => b.count).join(', ')} images in the 15 bins.`;
}

/** Draws each bin's image count above the plot area, over the bin's centre ("0" for an empty bin). */
function binCountLabels(centres: readonly number[], counts: readonly number[], color: string, font: string): Plugin<'line' | 'bar'> {
  return {
    id: 'binCountLabels',
    afterDatasetsDraw(chart) {
      const { ctx, scales, chartArea } = chart;
      ctx.save();
      ctx.fillStyle = color;
      ctx.font = `10px ${font}`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      centres.forEach((centre, k) => ctx.fillText(String(counts[k]), scales.x.getPixelForValue(centre), chartArea.top - 3));
      ctx.restore();
    },
  };
}

/** One model's reliability diagram: accuracy bars for the bins that hold images, outlines for empty bins, counts above. */
export function reliabilityConfig(model: SweepModelResult, index: number): SweepChartConfig {
  const muted = themeColor('--vscode-descriptionForeground', '#999999');
  const color = modelColor(index);
  const bars = reliabilityBars(model.calibration).map((b) => ({ ...b, centre: (b.lower + b.upper) / 2 }));
  const shape = { barPercentage: 1, categoryPercentage: 0.92, grouped: false };
  const accuracy = { type: 'bar' as const, label: `${model.name}: accuracy`, data: bars.flatMap((b) => (b.accuracy === null ? [] : [{ x: b.centre, y: b.accuracy }])), backgroundColor: color, borderColor: color, order: 1, ...shape };
  const empty = { type: 'bar' as const, label: 'bin with no image', data: bars.flatMap((b) => (b.accuracy === null ? [{ x: b.centre, y: 1 }] : [])), backgroundColor: 'transparent', borderColor: muted, borderWidth: 1, order: 2, ...shape };
  const foreground = themeColor('--vscode-foreground', '#cccccc');
  const scaling = model.calibration.temperatureScaling;
  // After temperature scaling: each non-empty bin's accuracy as a point over the same bins; its counts are in the caption.
  const scaled = scaling ? [{
    type: 'line' as const, label: `after temperature scaling (T = ${formatTemperature(scaling.temperature)})`, data: scaling.bins.flatMap((b) => (b.count > 0 && b.accuracy !== null ? [{ x: (b.lower + b.upper) / 2, y: b.accuracy }] : [])),
    borderColor: foreground, backgroundColor: foreground, showLine: false, pointRadius: 4, pointStyle: 'rectRot' as const, order: 0,
  }] : [];
  const diagonal = { type: 'line' as const, label: 'perfect calibration', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], borderColor: muted, backgroundColor: muted, borderDash: [5, 4], borderWidth: 1, pointRadius: 0, order: 0 };
  const options = themedOptions<'bar'>({ x: 'confidence (max softmax probability)', y: 'accuracy' }, { min: 0, max: 1, percent: true });
  return {
    type: 'bar',
    data: { datasets: [accuracy, empty, diagonal, ...scaled] },
    // The counts take the strip above the plot, so the legend goes below it.
    options: { ...options, layout: { padding: { top: 16 } }, plugins: { ...options.plugins, legend: { ...options.plugins?.legend, position: 'bottom' } } },
    plugins: [binCountLabels(bars.map((b) => b.centre), bars.map((b) => b.count), foreground, themeColor('--vscode-font-family', 'sans-serif'))],
  };
}

/** Fractions of each set per score bin, as bars: in-distribution in the model's colour, each OOD set in its own. */
export function oodConfig(model: SweepModelResult, index: number, choice: OodScoreChoice): SweepChartConfig {
  const centre = (bin: { lower: number; upper: number }) => (bin.lower + bin.upper) / 2;
  const rows = histogramRows(model, choice);
  const first = rows[0];
  const inTotal = Math.max(1, first.inCount);
  const color = modelColor(index);
  const inDistribution = { label: 'in-distribution', data: first.histogram.map((b) => ({ x: centre(b), y: b.inCount / inTotal })), backgroundColor: color, borderColor: color };
  const outs = rows.map((o, i) => {
    const [variable, fallback] = oodColorVariables[i % oodColorVariables.length];
    const oodColor = themeColor(variable, fallback);
    return { label: oodSetLabel(o), data: o.histogram.map((b) => ({ x: centre(b), y: b.outCount / Math.max(1, o.outCount) })), backgroundColor: oodColor, borderColor: oodColor };
  });
  const bars = [inDistribution, ...outs].map((dataset) => ({ ...dataset, barPercentage: 1, categoryPercentage: 0.9 }));
  const score = first.score ?? 'msp';
  // Max logit and energy have no fixed range: the x axis spans the histogram's bins.
  const range = score === 'msp' ? { min: 0, max: 1, percent: true } : { min: first.histogram[0].lower, max: first.histogram[first.histogram.length - 1].upper };
  return { type: 'bar', data: { datasets: bars }, options: themedOptions<'bar'>({ x: OOD_SCORE_TITLES[score], y: 'fraction of the set' }, range) };
}
