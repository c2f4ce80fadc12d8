// The numbers: MaxBoxAcc with its best τ, MaxBoxAccV2 and its three criteria, the accuracy at the shown τ, top-1 and
// GT-known localisation, one row per model, with the settings that must be printed beside them, the curves and the
// runs' warnings; for runs without ground-truth boxes, the settings, why there are no numbers, and the warnings.
import { html, nothing, type TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { RunRecord } from '../../src/protocol/records';
import type { CamResults } from '../../src/protocol/cam';
import { hasBoxMetrics, scoredImageCount, type WithBoxMetrics } from '../../src/protocol/cam';
import { camSettingsPhrases, formatThreshold, iouPercent } from '../../src/present/camSettings';
import { cssProperties } from '../shared/cssProperties';
import { formatCount, formatPercent, modelDisplayName } from '../../src/present/format';
import { localisationCurveSpec, thresholdCurveOptions } from '../../src/present/charts/thresholdCurves';
import { PANEL_CHART_THEME } from '../shared/chartTheme';
import { drawChart } from '../shared/plotChart';
import { thresholdIndexIn } from './localisationView';
import { panelModelColor } from '../../src/present/charts/modelPalette';
import { protocolTemplate, pxapSectionTemplate } from './protocolSection';
import { faithfulnessTemplate } from './faithfulnessSection';

/** Columns shown only when the models differ in them (else the settings line says it once). */
interface VaryingColumns { layer: boolean; images: boolean }

type ScoredRecord = RunRecord<WithBoxMetrics<CamResults>>;

const CURVE_HEIGHT = 260;

const isScored = (record: RunRecord<CamResults>): record is ScoredRecord => hasBoxMetrics(record.results);

function modelRow(record: ScoredRecord, index: number, threshold: number, best: { v1: number; v2: number }, varying: VaryingColumns): TemplateResult {
  const r = record.results;
  const step = r.settings.thresholdStep;
  const atShown = r.maxBoxAcc.accuracies[thresholdIndexIn(r, threshold)];
  const loc = r.localisation;
  const isBest = (value: number, bestValue: number) => (value === bestValue ? 'best' : '');
  return html`<tr>
    <th scope="row"><span class="model-swatch" aria-hidden="true" ${cssProperties({ 'background-color': panelModelColor(index) })}></span>${modelDisplayName(r.modelPath)}</th>
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

function warningsTemplate(records: readonly RunRecord<CamResults>[]): TemplateResult | typeof nothing {
  const warnings = [...new Set(records.flatMap((record) => [
    ...record.results.warnings,
    ...(record.results.skipped.length > 0 ? [`${modelDisplayName(record.results.modelPath)}: ${formatCount(record.results.skipped.length)} file(s) skipped`] : []),
  ]))];
  if (warnings.length === 0) return nothing;
  return html`<ul class="warning-list">${warnings.map((w) => html`<li><span class="codicon codicon-warning" aria-hidden="true"></span>${w}</li>`)}</ul>`;
}

function metricsTableTemplate(records: readonly ScoredRecord[], threshold: number, varying: VaryingColumns, localisationTau: string): TemplateResult {
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

/** The settings every shown run shares, as phrases of the settings line. */
function sharedPhrases(records: readonly RunRecord<CamResults>[], varying: VaryingColumns): string[] {
  const first = records[0].results;
  const scored = scoredImageCount(first);
  return [
    ...camSettingsPhrases(first.settings),
    ...(varying.layer ? [] : [`layer ${first.settings.layer}`]),
    ...(varying.images ? [] : [`${formatCount(first.imageCount)} images`]),
    ...(varying.images || scored === first.imageCount ? [] : [`${formatCount(scored)} with ground-truth boxes scored`]),
  ];
}

function settingsLineTemplate(phrases: readonly string[]): TemplateResult {
  return html`<p class="settings-line">${phrases.map((phrase, i) => html`${i > 0 ? html`<span class="separator" aria-hidden="true">·</span>` : nothing}<span>${phrase}</span>`)}</p>`;
}

/** Runs without ground-truth boxes: their settings, why no box metric is shown, and their warnings. */
function mapsOnlyTemplate(records: readonly RunRecord<CamResults>[], varying: VaryingColumns): TemplateResult {
  return html`
    <section class="panel-section" aria-labelledby="metrics-heading">
      <h2 id="metrics-heading">Class activation maps</h2>
      ${settingsLineTemplate(sharedPhrases(records, varying))}
      <p class="table-note muted">No image has a ground-truth box, so there is no box metric (MaxBoxAcc and the rest need a wsolevaluation dataset whose metadata/localization.txt lists boxes). The maps and their boxes at τ are below.</p>
      ${faithfulnessTemplate(records)}
      ${warningsTemplate(records)}
    </section>`;
}

export function metricsTemplate(allRecords: readonly RunRecord<CamResults>[], threshold: number): TemplateResult {
  const first = allRecords[0].results;
  const step = first.settings.thresholdStep;
  const varying: VaryingColumns = {
    layer: allRecords.some((r) => r.results.settings.layer !== first.settings.layer),
    images: allRecords.some((r) => r.results.imageCount !== first.imageCount),
  };
  const records = allRecords.filter(isScored);
  const masks = records.length === 0 ? pxapSectionTemplate(allRecords, warningsTemplate(allRecords)) : null;
  if (masks) return masks;
  if (records.length === 0 || !hasBoxMetrics(first)) return mapsOnlyTemplate(allRecords, varying);
  const shared = sharedPhrases(allRecords, varying);
  const localisationTau = first.localisation.thresholdSource === 'given' ? `τ = ${formatThreshold(first.localisation.threshold, step)}` : 'each model\'s best τ';
  const chartLabel = records.map((r) => `${modelDisplayName(r.results.modelPath)}: MaxBoxAcc ${formatPercent(r.results.maxBoxAcc.maxAccuracy)} at τ = ${formatThreshold(r.results.maxBoxAcc.bestThreshold, step)}`).join('; ');
  const curves = localisationCurveSpec(allRecords, panelModelColor, threshold);
  return html`
    <section class="panel-section" aria-labelledby="metrics-heading">
      <h2 id="metrics-heading">Localisation accuracy</h2>
      ${settingsLineTemplate(shared)}
      <div class="results-columns">
        <div class="results-numbers">
          ${metricsTableTemplate(records, threshold, varying, localisationTau)}
          <p class="table-note muted">MaxBoxAcc: the largest contour's box at IoU ≥ 0.5, best over τ (Choe et al., CVPR 2020). MaxBoxAccV2: every contour's box, averaged over δ. “At τ”: box accuracy at the slider's τ. Top-1 and GT-known localisation at ${localisationTau}.</p>
          ${protocolTemplate(allRecords)}
          ${faithfulnessTemplate(allRecords)}
          ${warningsTemplate(allRecords)}
        </div>
        <div class="chart-box" role="img" aria-label=${`Box accuracy against the CAM threshold: ${chartLabel}; the dashed line is the τ shown (${threshold.toFixed(2)})`}
          ${ref((box) => { if (curves) drawChart(box, CURVE_HEIGHT, (size) => thresholdCurveOptions(curves, PANEL_CHART_THEME, size)); })}></div>
      </div>
    </section>`;
}
