// The sweep report as one self-contained HTML page: summary table (best per column marked), facts, error against severity
// per corruption family, FGSM and occlusion curves, reliability diagrams, OOD metrics and the gallery. Inline CSS and SVG only.
// Every figure says how many images it was computed on; each model keeps one colour (reportModelColor) throughout.
import type { SweepGalleryEntry, SweepResults } from '../../protocol/sweep';
import {
  OOD_SCORE_TITLES, calibrationLine, logProbabilityNote, oodMetricsNote, oodReading, oodRows, oodSetLabel, oodVerdict, reliabilityCaption, type OodScoreChoice,
} from '../calibrationFigures';
import { formatTickNumber, onImages } from '../chartNumbers';
import { formatPercent } from '../format';
import { scaledBinsCaption, temperatureCaption, temperatureRows } from '../temperatureFigures';
import { DEFINITIONS_PAGE_FILE, linkDefinitionCitations } from './definitionsPage';
import { html, type Markup } from './html';
import { reportPage } from './reportPage';
import { lineChartOptions, type LineChartSpec } from '../charts/lineChart';
import { familySpec, fgsmSpec, occlusionSpec } from '../charts/sweepCurves';
import { REPORT_CHART_THEME } from '../charts/reportTheme';
import { reliabilityDiagramOptions } from '../charts/reliabilityDiagram';
import { chartMarkup } from './chartMarkup';
import { reportModelColor } from '../charts/modelPalette';
import { reportStyles } from './reportStyles';
import { corruptionColumnsNote, percent, summaryHeaders, summaryTableRows } from './sweepSummaryCells';

const FAMILIES = ['noise', 'blur', 'weather', 'digital'] as const;

export interface SweepReportOptions {
  /** Class names by index (the models' labels), for the gallery; null: the results' own (SweepResults.classNames), else class indices. */
  classNames: readonly string[] | null;
  /** The gallery's examples behind a disclosure (pages that lead with summaries); shown open when false. */
  collapseGallery?: boolean;
  /** The OOD score(s) the OOD table shows (default: max softmax probability). */
  oodScore?: OodScoreChoice;
}

/** The anchors and titles of the sections sweepReportSections draws for these results, in page order, for a table of contents. */
export function sweepSectionLinks(results: SweepResults): Array<{ anchor: string; title: string }> {
  return [
    { anchor: 'sweep-summary', title: 'Sweep summary', shown: true },
    { anchor: 'sweep-severity', title: 'Error against severity', shown: results.models.some((m) => m.corruptions.length > 0) },
    { anchor: 'sweep-attacks', title: 'FGSM and occlusion', shown: results.models.some((m) => m.fgsm !== null || m.occlusion !== null) },
    { anchor: 'sweep-calibration', title: 'Calibration and OOD', shown: true },
    { anchor: 'sweep-gallery', title: 'Corrupted examples', shown: results.gallery.length > 0 },
  ].filter((link) => link.shown).map(({ anchor, title }) => ({ anchor, title }));
}

/** The CSS the sweep sections need beside reportStyles. */
export const sweepStyles = `
.gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px; margin-top: 12px; }
.gallery figure { margin: 0; border: 1px solid var(--border); border-radius: 6px; padding: 8px; }
.gallery figure.flipped { border-color: var(--bad); }
.gallery img { width: 96px; height: 96px; image-rendering: pixelated; border-radius: 4px; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
.charts .chart-card { margin-top: 0; }
.ood-verdicts { margin-top: 8px; }
.data-table td:first-child, .data-table td.ood-set { white-space: nowrap; }
.ood-reading.reversed { color: var(--bad); font-weight: 600; }
`;

function modelIndex(results: SweepResults, modelId: string): number {
  return Math.max(0, results.models.findIndex((m) => m.modelId === modelId));
}

function summarySection(results: SweepResults): Markup {
  const headers = summaryHeaders(results);
  const note = corruptionColumnsNote(results);
  return html`<section class="comparison" id="sweep-summary">
    <h2>Sweep summary</h2>
    <p class="muted">Top-1 error (%) and mCE (%) ${onImages(results.imageCount)}${results.partial ? ` (partial: ${results.imageCount} of ${results.plannedImageCount})` : ''}; lower is better; ★ marks the best of each column.</p>
    <table class="data-table compare-table">
      <thead><tr><th>Model</th>${headers.map((h) => html`<th class="numeric">${h}</th>`)}</tr></thead>
      <tbody>${summaryTableRows(results).map((row, r) => html`<tr><td><span class="model-swatch" style="background: ${reportModelColor(r)}"></span>${row.model}</td>${row.cells.map((c) => html`<td class="${c.best ? 'numeric best' : 'numeric'}">${c.text}${c.best ? ' ★' : ''}</td>`)}</tr>`)}</tbody>
    </table>
    ${note ? html`<p class="muted small">${note}</p>` : ''}
    <dl class="facts" style="margin-top:12px">${results.facts.map((f) => html`<dt>${f.label}</dt><dd>${linkDefinitionCitations(f.value)}</dd>`)}</dl>
    ${results.warnings.length ? html`<ul class="warnings">${results.warnings.map((w) => html`<li>${linkDefinitionCitations(w)}</li>`)}</ul>` : ''}
  </section>`;
}

/** A line chart of the report, 260 px high. */
function lineChartSvg(spec: LineChartSpec, width: number): Markup {
  return chartMarkup(lineChartOptions(spec, REPORT_CHART_THEME, { width, height: 260 }));
}

/** Mean error over a family's corruptions at each severity, one line per model. */
function familyCharts(results: SweepResults): Markup {
  const charts = FAMILIES.flatMap((family) => {
    const memberCount = results.models[0]?.corruptions.filter((c) => c.family === family).length ?? 0;
    const spec = familySpec(results, family, reportModelColor);
    return spec ? [html`<div class="chart-card"><h3>${family} <span class="muted small">mean of ${memberCount} corruption${memberCount === 1 ? '' : 's'}, ${onImages(results.imageCount)}</span></h3>${lineChartSvg(spec, 420)}</div>`] : [];
  });
  return charts.length ? html`<section class="comparison" id="sweep-severity"><h2>Error against severity</h2><div class="charts">${charts}</div></section>` : html``;
}

function attackCharts(results: SweepResults): Markup {
  const fgsm = fgsmSpec(results, reportModelColor);
  const occlusion = occlusionSpec(results, reportModelColor);
  if (!fgsm && !occlusion) return html``;
  const fgsmImages = results.models.find((m) => m.fgsm)?.fgsm?.imageCount ?? 0;
  const occlusionImages = results.models.find((m) => m.occlusion)?.occlusion?.imageCount ?? 0;
  return html`<section class="comparison" id="sweep-attacks"><h2>FGSM and occlusion</h2><div class="charts">
    ${fgsm ? html`<div class="chart-card"><h3>FGSM <span class="muted small">${onImages(fgsmImages)}; ε = 0 is the clean error</span></h3>${lineChartSvg(fgsm, 420)}</div>` : ''}
    ${occlusion ? html`<div class="chart-card"><h3>Occlusion <span class="muted small">${onImages(occlusionImages)}; solid: centre holes, dashed: boundary holes</span></h3>${lineChartSvg(occlusion, 520)}</div>` : ''}
  </div></section>`;
}

function oodTable(results: SweepResults, choice: OodScoreChoice): Markup {
  const rows = results.models.flatMap((m, i) => oodRows(m, choice).map(({ score, result: o }) => ({ m, o, i, score })));
  if (!rows.length) return html``;
  const verdicts = results.models.flatMap((m) => [...(choice === 'msp' || choice === 'all' ? [oodVerdict(m) ?? []] : []), logProbabilityNote(m, choice) ?? []].flat());
  return html`<h3 style="margin-top:16px">Out-of-distribution detection</h3>
    <p class="muted small">${oodMetricsNote(choice)}</p>
    <table class="data-table"><thead><tr><th>Model</th><th>OOD set</th>${choice === 'all' ? html`<th>Score</th>` : ''}<th class="numeric">Images (in / out)</th><th class="numeric">AUROC (%)</th><th class="numeric">TNR at TPR 95% (%)</th><th class="numeric">FPR at TPR 95% (%)</th><th class="numeric">AUPR-In (%)</th><th class="numeric">AUPR-Out (%)</th><th class="numeric">Detection acc. (%)</th><th>Reading</th></tr></thead>
    <tbody>${rows.map(({ m, o, i, score }) => html`<tr><td><span class="model-swatch" style="background: ${reportModelColor(i)}"></span>${m.name}</td><td class="ood-set" title="${o.description}">${oodSetLabel(o)}</td>${choice === 'all' ? html`<td>${OOD_SCORE_TITLES[score]}</td>` : ''}<td class="numeric">${o.inCount} / ${o.outCount}</td><td class="numeric">${percent(o.auroc)}</td><td class="numeric">${percent(o.tnrAtTpr95)}</td><td class="numeric">${percent(o.fprAtTpr95)}</td><td class="numeric">${percent(o.auprIn)}</td><td class="numeric">${percent(o.auprOut)}</td><td class="numeric">${percent(o.detectionAccuracy)}</td><td class="${o.auroc < 0.5 ? 'ood-reading reversed' : 'ood-reading'}">${oodReading(o)}</td></tr>`)}</tbody></table>
    ${verdicts.length ? html`<ul class="warnings ood-verdicts" role="note">${verdicts.map((v) => html`<li>${v}</li>`)}</ul>` : ''}`;
}

function calibrationSection(results: SweepResults, options: SweepReportOptions): Markup {
  return html`<section class="comparison" id="sweep-calibration"><h2>Calibration and OOD detection</h2>
    <div class="charts">${results.models.map((m, i) => html`<div class="chart-card"><h3><span class="model-swatch" style="background: ${reportModelColor(i)}"></span>${m.name}: ${calibrationLine(m.calibration)}</h3>${chartMarkup(reliabilityDiagramOptions(m.calibration, m.name, reportModelColor(i), REPORT_CHART_THEME, { width: 360, height: 280 }))}<p class="muted small chart-caption" style="max-width:340px">${reliabilityCaption(m.calibration)}${m.calibration.temperatureScaling ? ` ${scaledBinsCaption(m.calibration.temperatureScaling)}` : ''}</p></div>`)}</div>
    ${temperatureTable(results)}
    ${oodTable(results, options.oodScore ?? 'msp')}
  </section>`;
}

/** Before / after temperature scaling per model, with where T was fitted (definitions.md §5); nothing without a calibration split. */
function temperatureTable(results: SweepResults): Markup {
  const scaled = results.models.flatMap((m, i) => (m.calibration.temperatureScaling ? [{ m, i, scaling: m.calibration.temperatureScaling }] : []));
  if (!scaled.length) return html``;
  return html`<h3 style="margin-top:16px">Temperature scaling</h3>
    <p class="muted small">T minimises the NLL of softmax(z/T) on the calibration split (never the evaluated images); the metrics are on the ${results.imageCount} evaluated clean images, before (T = 1) and after.</p>
    <table class="data-table"><thead><tr><th>Model</th><th>Metric</th><th class="numeric">Before</th><th class="numeric">After</th></tr></thead>
    <tbody>${scaled.map(({ m, i, scaling }) => html`<tr><td colspan="4"><span class="model-swatch" style="background: ${reportModelColor(i)}"></span>${m.name}: ${temperatureCaption(scaling)}</td></tr>
      ${temperatureRows(m.calibration, scaling).map((r) => html`<tr><td></td><td>${r.metric}</td><td class="numeric">${r.before}</td><td class="numeric">${r.after}</td></tr>`)}`)}</tbody></table>`;
}

function galleryFigure(entry: SweepGalleryEntry, results: SweepResults, className: (index: number) => string): Markup {
  const flipped = entry.predictions.some((p) => p.flipped);
  const prediction = (p: { classIndex: number; probability: number }) => `${className(p.classIndex)} (${formatPercent(p.probability, 0)})`;
  return html`<figure class="${flipped ? 'flipped' : ''}">
    <img src="${entry.cleanImage}" alt="clean ${entry.imageId}"> <img src="${entry.corruptedImage}" alt="${entry.corruption} severity ${entry.severity}">
    <figcaption><div class="image-name">${entry.imageId}</div><div>${entry.corruption}, severity ${entry.severity} · true ${entry.label < 0 ? 'unlabelled' : className(entry.label)}</div>
      ${entry.predictions.map((p) => html`<div><span class="model-swatch" style="background: ${reportModelColor(modelIndex(results, p.modelId))}"></span>${results.models[modelIndex(results, p.modelId)]?.name ?? p.modelId}: ${prediction(p.clean)} → ${prediction(p.corrupted)} ${p.flipped ? html`<span class="pill pill-no">flipped</span>` : ''}</div>`)}
    </figcaption>
  </figure>`;
}

function gallerySection(results: SweepResults, options: SweepReportOptions): Markup {
  if (!results.gallery.length) return html``;
  const names = options.classNames ?? results.classNames ?? null;
  const className = (index: number): string => (names ? names[index] ?? `class ${index}` : `class ${index}`);
  const imageCount = new Set(results.gallery.map((e) => e.imageId)).size;
  const classCount = new Set(results.gallery.map((e) => e.label)).size;
  return html`<section class="comparison" id="sweep-gallery"><h2>Corrupted examples</h2>
    <p class="muted">${results.gallery.length} examples: ${imageCount} images of ${classCount} class${classCount === 1 ? '' : 'es'} from the sweep's first batch, spread over its classes, each under a corruption at severity ${formatTickNumber(results.gallery[0].severity)}. Clean → corrupted model input; each model's top-1 class (confidence) on both; a red frame marks a flipped prediction.</p>
    ${options.collapseGallery
    ? html`<details class="per-image"><summary>Show the ${results.gallery.length} examples</summary><div class="gallery">${results.gallery.map((e) => galleryFigure(e, results, className))}</div></details>`
    : html`<div class="gallery">${results.gallery.map((e) => galleryFigure(e, results, className))}</div>`}</section>`;
}

/** Every section of the sweep report (summary, charts, calibration, gallery), for this page and for pages that embed it. */
export function sweepReportSections(results: SweepResults, options: SweepReportOptions = { classNames: null }): Markup {
  return html`${summarySection(results)}
${familyCharts(results)}
${attackCharts(results)}
${calibrationSection(results, options)}
${gallerySection(results, options)}`;
}

export function sweepHtml(results: SweepResults, title: string, generatedAt: string, options: SweepReportOptions = { classNames: null }): string {
  const header = html`<header class="report-header"><h1>${title}</h1><p class="muted">Generated ${generatedAt}${results.partial ? ` · partial: ${results.imageCount} of ${results.plannedImageCount} images` : ''} · <a href="${DEFINITIONS_PAGE_FILE}">Definitions of every metric and corruption</a></p></header>`;
  return reportPage(title, [reportStyles, sweepStyles], header, sweepReportSections(results, options));
}
