// The numbers: MaxBoxAcc with its best τ, MaxBoxAccV2 and its three criteria, the accuracy at the shown τ, top-1 and
// GT-known localisation, one row per model, with the settings that must be printed beside them and the curves.
import { html, nothing, type TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { RunRecord } from '../../src/protocol/records';
import type { PanelCamResults } from '../../src/protocol/panels';
import { camSettingsPhrases, formatThreshold, iouPercent } from '../shared/camSettings';
import { cssProperties } from '../shared/cssProperties';
import { formatCount, formatPercent, modelDisplayName } from '../shared/format';
import type { AccuracyChart } from './accuracyChart';
import { thresholdIndexIn } from './localisationView';
import { modelColor } from './modelColors';

/** Columns shown only when the models differ in them (else the settings line says it once). */
interface VaryingColumns { layer: boolean; images: boolean }

function modelRow(record: RunRecord<PanelCamResults>, index: number, threshold: number, best: { v1: number; v2: number }, varying: VaryingColumns): TemplateResult {
  const r = record.results;
  const step = r.settings.thresholdStep;
  const atShown = r.maxBoxAcc.accuracies[thresholdIndexIn(r, threshold)];
  const loc = r.localisation;
  const isBest = (value: number, bestValue: number) => (value === bestValue ? 'best' : '');
  return html`<tr>
    <th scope="row"><span class="model-swatch" aria-hidden="true" ${cssProperties({ 'background-color': modelColor(index) })}></span>${modelDisplayName(r.modelPath)}</th>
    <td class="numeric max-box-acc ${isBest(r.maxBoxAcc.maxAccuracy, best.v1)}">${formatPercent(r.maxBoxAcc.maxAccuracy)}</td>
    <td class="numeric">${formatThreshold(r.maxBoxAcc.bestThreshold, step)}</td>
    <td class="numeric max-box-acc-v2 ${isBest(r.maxBoxAccV2.mean, best.v2)}">${formatPercent(r.maxBoxAccV2.mean)}</td>
    <td class="numeric muted">${r.maxBoxAccV2.curves.map((c) => (c.maxAccuracy * 100).toFixed(1)).join(' · ')}</td>
    <td class="numeric at-threshold">${formatPercent(atShown)}</td>
    <td class="numeric">${formatPercent(loc.gtKnown)}</td>
    <td class="numeric">${loc.top1 === null ? 'n/a' : formatPercent(loc.top1)}</td>
    ${varying.layer ? html`<td class="mono">${r.settings.layer}</td>` : nothing}
    ${varying.images ? html`<td class="numeric">${formatCount(r.imageCount)}</td>` : nothing}
  </tr>`;
}

function warningsTemplate(records: readonly RunRecord<PanelCamResults>[]): TemplateResult | typeof nothing {
  const warnings = [...new Set(records.flatMap((record) => [
    ...record.results.warnings,
    ...(record.results.skipped.length > 0 ? [`${modelDisplayName(record.results.modelPath)}: ${formatCount(record.results.skipped.length)} file(s) skipped`] : []),
  ]))];
  if (warnings.length === 0) return nothing;
  return html`<ul class="warning-list">${warnings.map((w) => html`<li><span class="codicon codicon-warning" aria-hidden="true"></span>${w}</li>`)}</ul>`;
}

function metricsTableTemplate(records: readonly RunRecord<PanelCamResults>[], threshold: number, varying: VaryingColumns, localisationTau: string): TemplateResult {
  const first = records[0].results;
  const deltas = first.maxBoxAccV2.curves.map((c) => iouPercent(c.iouThreshold)).join(' · ');
  const best = { v1: Math.max(...records.map((r) => r.results.maxBoxAcc.maxAccuracy)), v2: Math.max(...records.map((r) => r.results.maxBoxAccV2.mean)) };
  return html`
    <div class="table-scroll" tabindex="0" role="region" aria-label="Localisation accuracy per model">
      <table class="data-table metrics-table">
        <thead><tr>
          <th scope="col">Model</th>
          <th scope="col" class="numeric" title="Largest contour's box, IoU ≥ 0.5, best over τ">MaxBoxAcc</th>
          <th scope="col" class="numeric">Best τ</th>
          <th scope="col" class="numeric" title="All contours' boxes, mean over δ of the best over τ">MaxBoxAccV2</th>
          <th scope="col" class="numeric" title="MaxBoxAccV2 at each IoU criterion δ, in %">δ ${deltas}</th>
          <th scope="col" class="numeric">At τ = ${formatThreshold(threshold, first.settings.thresholdStep)}</th>
          <th scope="col" class="numeric" title=${`IoU ≥ 0.5 at ${localisationTau}`}>GT-known</th>
          <th scope="col" class="numeric" title=${`Top-1 class right and IoU ≥ 0.5 at ${localisationTau}`}>Top-1 Loc</th>
          ${varying.layer ? html`<th scope="col">Layer</th>` : nothing}
          ${varying.images ? html`<th scope="col" class="numeric">Images</th>` : nothing}
        </tr></thead>
        <tbody>${records.map((record, i) => modelRow(record, i, threshold, best, varying))}</tbody>
      </table>
    </div>`;
}

export function metricsTemplate(records: readonly RunRecord<PanelCamResults>[], threshold: number, chart: AccuracyChart): TemplateResult {
  const first = records[0].results;
  const step = first.settings.thresholdStep;
  const varying: VaryingColumns = {
    layer: records.some((r) => r.results.settings.layer !== first.settings.layer),
    images: records.some((r) => r.results.imageCount !== first.imageCount),
  };
  const shared = [
    ...camSettingsPhrases(first.settings),
    ...(varying.layer ? [] : [`layer ${first.settings.layer}`]),
    ...(varying.images ? [] : [`${formatCount(first.imageCount)} images`]),
  ];
  const localisationTau = first.localisation.thresholdSource === 'given' ? `τ = ${formatThreshold(first.localisation.threshold, step)}` : 'each model\'s best τ';
  const chartLabel = records.map((r) => `${modelDisplayName(r.results.modelPath)}: MaxBoxAcc ${formatPercent(r.results.maxBoxAcc.maxAccuracy)} at τ = ${formatThreshold(r.results.maxBoxAcc.bestThreshold, step)}`).join('; ');
  return html`
    <section class="panel-section" aria-labelledby="metrics-heading">
      <h2 id="metrics-heading">Localisation accuracy</h2>
      <p class="settings-line">${shared.map((phrase, i) => html`${i > 0 ? html`<span class="separator" aria-hidden="true">·</span>` : nothing}<span>${phrase}</span>`)}</p>
      <div class="results-columns">
        <div class="results-numbers">
          ${metricsTableTemplate(records, threshold, varying, localisationTau)}
          <p class="table-note muted">MaxBoxAcc: the largest contour's box at IoU ≥ 0.5, best over τ (Choe et al., CVPR 2020). MaxBoxAccV2: every contour's box, averaged over δ. “At τ”: box accuracy at the slider's τ. Top-1 and GT-known localisation at ${localisationTau}.</p>
          ${warningsTemplate(records)}
        </div>
        <div class="chart-box">
          <canvas role="img" aria-label=${chartLabel}
            ${ref((element) => { if (element instanceof HTMLCanvasElement) chart.show(element, records, threshold); })}></canvas>
        </div>
      </div>
    </section>`;
}
