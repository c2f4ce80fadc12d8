// The report's localisation section: MaxBoxAcc / MaxBoxAccV2 per model with the settings beside them (for runs with
// ground-truth boxes), the runs' warnings, the accuracy-versus-threshold curves, and a few images under each model's
// map with predicted and ground-truth boxes.
import type { Box } from '../../protocol/data';
import type { RunRecord } from '../../protocol/records';
import { hasBoxMetrics, type CamResults, type WithBoxMetrics } from '../../protocol/cam';
import { camSettingsPhrases, formatThreshold, iouPercent } from '../camSettings';
import { colorMapLabels } from '../colorMaps';
import { formatCount, formatPercent, modelDisplayName } from '../format';
import { html, type Markup } from './html';
import { reportModelColor } from '../charts/modelPalette';
import { onImages } from '../chartNumbers';
import { REPORT_COLOR_MAP, REPORT_MAP_OPACITY, type LocalisationFigure, type LocalisationFigureCell } from './localisationFigures';
import { localisationCurveSpec, thresholdCurveOptions } from '../charts/thresholdCurves';
import { REPORT_CHART_THEME } from '../charts/reportTheme';
import { chartMarkup } from './chartMarkup';
import { protocolBlocks, pxapTable } from './protocolBlock';
import { faithfulnessTable } from './faithfulnessBlock';

export interface ReportLocalisation {
  records: RunRecord<CamResults>[];
  /** Class names per run, in the same order. */
  classNames: string[][];
  figures: LocalisationFigure[];
}

const GROUND_TRUTH_COLOR = '#2da44e';
const PREDICTED_COLOR = '#ffffff';

type ScoredRecord = RunRecord<WithBoxMetrics<CamResults>>;

const isScored = (record: RunRecord<CamResults>): record is ScoredRecord => hasBoxMetrics(record.results);

function metricsTable(records: readonly ScoredRecord[]): Markup {
  const best = { v1: Math.max(...records.map((r) => r.results.maxBoxAcc.maxAccuracy)), v2: Math.max(...records.map((r) => r.results.maxBoxAccV2.mean)) };
  const deltas = records[0].results.maxBoxAccV2.curves.map((c) => iouPercent(c.iouThreshold)).join(' / ');
  const cell = (value: number, bestValue: number) => html`<td class="${records.length > 1 && value === bestValue ? 'numeric best' : 'numeric'}">${formatPercent(value)}</td>`;
  return html`<table class="data-table compare-table">
    <thead><tr><th>Model</th><th class="numeric">MaxBoxAcc</th><th class="numeric">Best τ</th><th class="numeric">MaxBoxAccV2</th><th class="numeric">V2 at δ ${deltas}</th><th class="numeric">GT-known Loc</th><th class="numeric">Top-1 Loc</th><th>Layer</th><th class="numeric">Images</th></tr></thead>
    <tbody>${records.map(({ results: r }) => html`<tr>
      <td>${modelDisplayName(r.modelPath)}</td>
      ${cell(r.maxBoxAcc.maxAccuracy, best.v1)}
      <td class="numeric">${formatThreshold(r.maxBoxAcc.bestThreshold, r.settings.thresholdStep)}</td>
      ${cell(r.maxBoxAccV2.mean, best.v2)}
      <td class="numeric muted">${r.maxBoxAccV2.curves.map((c) => formatPercent(c.maxAccuracy)).join(' / ')}</td>
      <td class="numeric">${formatPercent(r.localisation.gtKnown)}</td>
      <td class="numeric">${r.localisation.top1 === null ? 'n/a' : formatPercent(r.localisation.top1)}</td>
      <td class="mono">${r.settings.layer}</td>
      <td class="numeric">${formatCount(r.imageCount)}</td>
    </tr>`)}</tbody>
  </table>`;
}

function boxRect(box: Box, color: string, dashed: boolean): Markup {
  return html`<rect x="${box.x0 + 0.5}" y="${box.y0 + 0.5}" width="${box.x1 - box.x0}" height="${box.y1 - box.y0}" fill="none" stroke="rgba(0,0,0,0.55)" stroke-width="4"/>
    <rect x="${box.x0 + 0.5}" y="${box.y0 + 0.5}" width="${box.x1 - box.x0}" height="${box.y1 - box.y0}" fill="none" stroke="${color}" stroke-width="2"${dashed ? html` stroke-dasharray="6 4"` : ''}/>`;
}

/** The IoU pill of a figure: green when localised (IoU ≥ 0.5), red when not, neutral for an image without a ground-truth box. */
function iouPill(iou: number | null): Markup {
  if (iou === null) return html`<span class="pill pill-info">no ground-truth box</span>`;
  return html`<span class="${iou >= 0.5 ? 'pill pill-ok' : 'pill pill-no'}">IoU ${iou.toFixed(2)}</span>`;
}

function figureCell(record: RunRecord<CamResults>, cell: LocalisationFigureCell, classNames: readonly string[]): Markup {
  const r = record.results;
  const name = modelDisplayName(r.modelPath);
  const size = r.settings.evaluationSize;
  const iouText = cell.iou === null ? 'no ground-truth box' : `IoU ${cell.iou.toFixed(2)}`;
  return html`<figure class="cam-figure">
    <div class="cam-picture">
      <img src="${cell.picture}" width="${size}" height="${size}" alt="${name}: ${colorMapLabels[REPORT_COLOR_MAP]} map over the image, ${iouText}">
      <svg viewBox="0 0 ${size} ${size}" aria-hidden="true">${cell.groundTruth.map((box) => boxRect(box, GROUND_TRUTH_COLOR, false))}${boxRect(cell.box, PREDICTED_COLOR, true)}</svg>
    </div>
    <figcaption><strong>${name}</strong> · ${iouPill(cell.iou)} · predicts ${classNames[cell.predicted] ?? `class ${cell.predicted}`}</figcaption>
  </figure>`;
}

/** Every run's warnings (e.g. constant maps), each named by its model, as the report's warning list. */
function warningsList(records: readonly RunRecord<CamResults>[]): Markup {
  const warnings = records.flatMap(({ results: r }) => r.warnings.map((warning) => `${modelDisplayName(r.modelPath)}: ${warning}`));
  if (warnings.length === 0) return html``;
  return html`<ul class="warnings" role="note">${warnings.map((warning) => html`<li>${warning}</li>`)}</ul>`;
}

/** The table, its note and the curves for the runs with box metrics, or a line saying why there are none. */
function boxMetricsBlock(records: readonly RunRecord<CamResults>[]): Markup {
  const scored = records.filter(isScored);
  if (scored.length === 0 && records.some((record) => record.results.pxap !== undefined && record.results.pxap !== null)) return html``;
  if (scored.length === 0) return html`<p class="muted">No image has a ground-truth box, so there are no box metrics; the maps are shown below.</p>`;
  const spec = localisationCurveSpec(records, reportModelColor);
  const chart = spec ? chartMarkup(thresholdCurveOptions(spec, REPORT_CHART_THEME, { width: 640, height: 300 })) : html``;
  return html`${metricsTable(scored)}
    <p class="muted small">MaxBoxAcc: the largest contour's box at IoU ≥ 0.5, best over τ (Choe et al., CVPR 2020). MaxBoxAccV2: every contour's box, averaged over δ. Top-1 and GT-known localisation at each model's best τ.</p>
    <div class="chart-card">${chart}<p class="muted small chart-caption">Box accuracy against the CAM threshold τ, ${onImages(scored[0].results.imageCount)}; the dot is each model's MaxBoxAcc, at its best τ.</p></div>`;
}

export function localisationSection(input: ReportLocalisation): Markup {
  const { records, figures } = input;
  const first = records[0].results;
  const labelOf = (label: number | null) => (label === null ? 'unlabelled' : input.classNames[0]?.[label] ?? `class ${label}`);
  return html`<section class="comparison localisation" id="localisation">
    <h2>Localisation (CAM)</h2>
    <p class="muted">${camSettingsPhrases(first.settings).join(' · ')}</p>
    ${warningsList(records)}
    ${boxMetricsBlock(records)}
    ${pxapTable(records)}
    ${protocolBlocks(records)}
    ${faithfulnessTable(records)}
    <h3 class="figures-heading">Images under each model's map <span class="muted small">(${formatCount(figures.length)} images evenly spaced through the dataset · ${colorMapLabels[REPORT_COLOR_MAP]} at ${Math.round(REPORT_MAP_OPACITY * 100)}% · <span class="key key-truth"></span>ground truth · <span class="key key-predicted"></span>predicted box at the model's best τ)</span></h3>
    <div class="cam-rows">${figures.map((figure) => html`<div class="cam-row">
      <p class="cam-row-title"><span class="mono">${figure.id}</span> <span class="muted">${labelOf(figure.label)}</span></p>
      <div class="cam-row-cells">${figure.cells.map((cell, m) => figureCell(records[m], cell, input.classNames[m] ?? []))}</div>
    </div>`)}</div>
  </section>`;
}
