// The sweep report as one self-contained HTML page: summary table (best per column marked), facts, error against severity
// per corruption family, FGSM and occlusion curves, reliability diagrams, OOD metrics and the gallery. Inline CSS and SVG only.
import type { SweepGalleryEntry, SweepResults } from '../../protocol/sweep';
import { DEFINITIONS_PAGE_FILE, linkDefinitionCitations } from './definitionsPage';
import { html, trustedMarkup, type Markup } from './html';
import { lineChartSvg, type LineSeries } from './lineChart';
import { reliabilityDiagramSvg } from './reliabilityDiagram';
import { reportStyles } from './reportStyles';
import { SUMMARY_HEADERS, percent, summaryColumns, summaryTableRows } from './sweepSummaryCells';

const FAMILIES = ['noise', 'blur', 'weather', 'digital'] as const;

/** The CSS the sweep sections need beside reportStyles. */
export const sweepStyles = `
.gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px; margin-top: 12px; }
.gallery figure { margin: 0; border: 1px solid var(--border); border-radius: 6px; padding: 8px; }
.gallery figure.flipped { border-color: var(--bad); }
.gallery img { width: 96px; height: 96px; image-rendering: pixelated; border-radius: 4px; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
`;

function summarySection(results: SweepResults): Markup {
  const columns = summaryColumns(results);
  return html`<section class="comparison">
    <h2>Summary</h2>
    <p class="muted">Top-1 error (%) and mCE (%); lower is better; the best of each column is marked.</p>
    <table class="data-table compare-table">
      <thead><tr><th>Model</th>${columns.map((c) => html`<th class="numeric">${SUMMARY_HEADERS[c]}</th>`)}</tr></thead>
      <tbody>${summaryTableRows(results).map((row) => html`<tr><td>${row.model}</td>${row.cells.map((c) => html`<td class="${c.best ? 'numeric best' : 'numeric'}">${c.text}${c.best ? ' ★' : ''}</td>`)}</tr>`)}</tbody>
    </table>
    <dl class="facts" style="margin-top:12px">${results.facts.map((f) => html`<dt>${f.label}</dt><dd>${linkDefinitionCitations(f.value)}</dd>`)}</dl>
    ${results.warnings.length ? html`<ul class="warnings">${results.warnings.map((w) => html`<li>${linkDefinitionCitations(w)}</li>`)}</ul>` : ''}
  </section>`;
}

/** Mean error over a family's corruptions at each severity, one line per model. */
function familyCharts(results: SweepResults): Markup {
  const { severities } = results.settings;
  const charts = FAMILIES.flatMap((family) => {
    const series: LineSeries[] = results.models.flatMap((m) => {
      const members = m.corruptions.filter((c) => c.family === family);
      if (!members.length) return [];
      return [{ name: m.name, points: severities.map((s, i) => ({ x: s, y: members.reduce((sum, c) => sum + c.errors[i], 0) / members.length })) }];
    });
    return series.length ? [html`<div class="chart-card"><h3>${family}</h3>${lineChartSvg({ description: `Top-1 error against severity, ${family} corruptions`, series, xAxisLabel: 'severity', yAxisLabel: 'top-1 error', xTicks: severities, percentY: true })}</div>`] : [];
  });
  return charts.length ? html`<section class="comparison"><h2>Error against severity</h2><div class="charts">${charts}</div></section>` : html``;
}

function attackCharts(results: SweepResults): Markup {
  const fgsm: LineSeries[] = results.models.flatMap((m) => (m.fgsm ? [{ name: m.name, points: m.fgsm.errors.map((e) => ({ x: e.epsilon * 255, y: e.error })) }] : []));
  const occlusion: LineSeries[] = results.models.flatMap((m) => (m.occlusion ? m.occlusion.curves.map((c) => ({
    name: `${m.name} · ${c.mode}`, points: c.errors.map((e, i) => ({ x: m.occlusion?.sizes[i].fraction ?? 0, y: e })),
  })) : []));
  if (!fgsm.length && !occlusion.length) return html``;
  return html`<section class="comparison"><h2>FGSM and occlusion</h2><div class="charts">
    ${fgsm.length ? html`<div class="chart-card">${lineChartSvg({ description: 'FGSM top-1 error against ε', series: fgsm, xAxisLabel: 'ε (/255)', yAxisLabel: 'top-1 error', xTicks: results.settings.fgsmEpsilons.map((e) => e * 255), percentY: true })}</div>` : ''}
    ${occlusion.length ? html`<div class="chart-card">${lineChartSvg({ description: 'Occlusion top-1 error against hole size', series: occlusion, xAxisLabel: 'hole side (fraction of the image side)', yAxisLabel: 'top-1 error', percentY: true, width: 520 })}</div>` : ''}
  </div></section>`;
}

function calibrationSection(results: SweepResults): Markup {
  return html`<section class="comparison"><h2>Calibration and OOD detection</h2>
    <div class="charts">${results.models.map((m) => html`<div class="chart-card"><h3>${m.name}: ECE ${percent(m.calibration.ece)}%, NLL ${m.calibration.nll.toFixed(3)}</h3>${reliabilityDiagramSvg(m.calibration, m.name)}</div>`)}</div>
    <table class="data-table"><thead><tr><th>Model</th><th>OOD set</th><th class="numeric">AUROC</th><th class="numeric">TNR at TPR 95%</th><th class="numeric">Detection acc.</th></tr></thead>
    <tbody>${results.models.flatMap((m) => m.ood.map((o) => html`<tr><td>${m.name}</td><td title="${o.description}">${o.set}</td><td class="numeric">${percent(o.auroc)}</td><td class="numeric">${percent(o.tnrAtTpr95)}</td><td class="numeric">${percent(o.detectionAccuracy)}</td></tr>`))}</tbody></table>
  </section>`;
}

function galleryFigure(entry: SweepGalleryEntry, names: ReadonlyMap<string, string>): Markup {
  const flipped = entry.predictions.some((p) => p.flipped);
  return html`<figure class="${flipped ? 'flipped' : ''}">
    <img src="${entry.cleanImage}" alt="clean ${entry.imageId}"> <img src="${entry.corruptedImage}" alt="${entry.corruption} severity ${entry.severity}">
    <figcaption><div class="image-name">${entry.imageId}</div><div>${entry.corruption}, severity ${entry.severity} · label ${entry.label}</div>
      ${entry.predictions.map((p) => html`<div>${names.get(p.modelId) ?? p.modelId}: ${p.clean.classIndex} → ${p.corrupted.classIndex} ${p.flipped ? html`<span class="pill pill-no">flipped</span>` : ''}</div>`)}
    </figcaption>
  </figure>`;
}

function gallerySection(results: SweepResults): Markup {
  if (!results.gallery.length) return html``;
  const names = new Map(results.models.map((m) => [m.modelId, m.name]));
  return html`<section class="comparison"><h2>Gallery</h2><p class="muted">Clean and corrupted model inputs; a red frame marks a flipped prediction (class indices).</p><div class="gallery">${results.gallery.map((e) => galleryFigure(e, names))}</div></section>`;
}

/** Every section of the sweep report (summary, charts, calibration, gallery), for this page and for pages that embed it. */
export function sweepReportSections(results: SweepResults): Markup {
  return html`${summarySection(results)}
${familyCharts(results)}
${attackCharts(results)}
${calibrationSection(results)}
${gallerySection(results)}`;
}

export function sweepHtml(results: SweepResults, title: string, generatedAt: string): string {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${trustedMarkup(reportStyles)}${trustedMarkup(sweepStyles)}</style>
</head>
<body>
<header class="report-header"><h1>${title}</h1><p class="muted">Generated ${generatedAt}${results.partial ? ` · partial: ${results.imageCount} of ${results.plannedImageCount} images` : ''} · <a href="${DEFINITIONS_PAGE_FILE}">Definitions of every metric and corruption</a></p></header>
<main>
${sweepReportSections(results)}
</main>
</body>
</html>
`.text;
}
