// Calibration on clean images (reliability diagram: accuracy against mean confidence per bin, the diagonal is perfect) and
// OOD detection (histograms of the max softmax probability, in-distribution against each OOD set), per model.
import { html, type TemplateResult } from 'lit';
import type { SweepModelResult, SweepResults } from '../../src/protocol/sweep';
import { formatPercent } from '../shared/format';
import { themeColor } from '../shared/themeColors';
import { modelColor } from '../localisation/modelColors';
import { themedOptions } from './chartTheme';
import type { SweepChartConfig } from './chartSlots';

export const RELIABILITY_CANVAS = 'reliability-chart';
export const oodCanvasId = (index: number): string => `ood-chart-${index}`;

const oodColorVariables = [['--vscode-charts-red', '#f14c4c'], ['--vscode-charts-purple', '#b180d7'], ['--vscode-charts-yellow', '#cca700']] as const;

function oodTable(models: readonly SweepModelResult[]): TemplateResult {
  return html`<table class="data-table">
    <thead><tr><th scope="col">Model</th><th scope="col">OOD set</th><th scope="col" class="numeric">AUROC</th><th scope="col" class="numeric">TNR at TPR 95%</th><th scope="col" class="numeric">Detection acc.</th></tr></thead>
    <tbody>${models.flatMap((m) => m.ood.map((o) => html`<tr><th scope="row">${m.name}</th><td title=${o.description}>${o.set}</td>
      <td class="numeric">${formatPercent(o.auroc)}</td><td class="numeric">${formatPercent(o.tnrAtTpr95)}</td><td class="numeric">${formatPercent(o.detectionAccuracy)}</td></tr>`))}</tbody>
  </table>`;
}

export function calibrationTemplate(results: SweepResults): TemplateResult {
  const withOod = results.models.filter((m) => m.ood.length > 0);
  return html`
    <section class="panel-section chart-section" aria-label="Calibration and OOD detection">
      <div class="section-heading"><span class="codicon codicon-pulse" aria-hidden="true"></span><h2>Calibration and OOD detection</h2></div>
      <p class="table-note muted">${results.models.map((m) => `${m.name}: ECE ${formatPercent(m.calibration.ece)}, NLL ${m.calibration.nll.toFixed(3)}`).join(' · ')} (15 bins, clean images)</p>
      <div class="chart-grid">
        <div class="chart-card"><h3>Reliability diagram</h3><div class="chart-box"><canvas id=${RELIABILITY_CANVAS} role="img" aria-label="Accuracy against confidence per bin"></canvas></div></div>
        ${results.models.map((m, i) => (m.ood.length ? html`<div class="chart-card"><h3>${m.name}: max softmax probability</h3><div class="chart-box"><canvas id=${oodCanvasId(i)} role="img" aria-label=${`${m.name}: score histograms, in-distribution and OOD`}></canvas></div></div>` : ''))}
      </div>
      ${withOod.length ? oodTable(withOod) : ''}
    </section>`;
}

export function reliabilityConfig(results: SweepResults): SweepChartConfig {
  const muted = themeColor('--vscode-descriptionForeground', '#999999');
  const models = results.models.map((model, index) => {
    const color = modelColor(index);
    const points = model.calibration.bins.flatMap((b) => (b.accuracy !== null && b.meanConfidence !== null ? [{ x: b.meanConfidence, y: b.accuracy }] : []));
    return { label: model.name, data: points, borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: 3 };
  });
  const diagonal = { label: 'perfect calibration', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], borderColor: muted, backgroundColor: muted, borderDash: [5, 4], borderWidth: 1, pointRadius: 0 };
  return { type: 'line', data: { datasets: [...models, diagonal] }, options: themedOptions<'line'>({ x: 'confidence (max softmax probability)', y: 'accuracy' }, { min: 0, max: 1, percent: true }) };
}

/** Fractions of each set per score bin, as bars: in-distribution in the model's colour, each OOD set in its own. */
export function oodConfig(model: SweepModelResult, index: number): SweepChartConfig {
  const centre = (bin: { lower: number; upper: number }) => (bin.lower + bin.upper) / 2;
  const first = model.ood[0];
  const inTotal = Math.max(1, first.inCount);
  const color = modelColor(index);
  const inDistribution = { label: 'in-distribution', data: first.histogram.map((b) => ({ x: centre(b), y: b.inCount / inTotal })), backgroundColor: color, borderColor: color };
  const outs = model.ood.map((o, i) => {
    const [variable, fallback] = oodColorVariables[i % oodColorVariables.length];
    const oodColor = themeColor(variable, fallback);
    return { label: o.set, data: o.histogram.map((b) => ({ x: centre(b), y: b.outCount / Math.max(1, o.outCount) })), backgroundColor: oodColor, borderColor: oodColor };
  });
  const bars = [inDistribution, ...outs].map((dataset) => ({ ...dataset, barPercentage: 1, categoryPercentage: 0.9 }));
  return { type: 'bar', data: { datasets: bars }, options: themedOptions<'bar'>({ x: 'max softmax probability', y: 'fraction of the set' }, { min: 0, max: 1, percent: true }) };
}
