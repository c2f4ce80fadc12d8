// The CutMix paper's table: checkpoints as rows; Clean, FGSM, Occlusion, Noise, Blur, Weather, Digital, mCE and relative mCE,
// the best of each column marked; then the facts every report states, warnings, and the export buttons.
import { html, nothing, type TemplateResult } from 'lit';
import { sweepExportFormats, type SweepExportFormat } from '../../src/protocol/messages/sweep';
import { sweepSummaryColumns, type SweepResults } from '../../src/protocol/sweep';
import { SUMMARY_HEADERS, corruptionColumns, corruptionColumnsNote, failedCell, summaryCellText, summaryTableRows } from '../../src/present/report/sweepSummaryCells';
import { cssProperties } from '../shared/cssProperties';
import { panelModelColor } from '../../src/present/charts/modelPalette';

const exportLabels: Readonly<Record<SweepExportFormat, string>> = { md: 'Markdown', csv: 'CSV', html: 'HTML' };

function columnTitle(results: SweepResults, column: (typeof sweepSummaryColumns)[number]): string {
  if (column === 'fgsm' && results.settings.fgsmSummaryEpsilon !== null) return `FGSM top-1 error at ε = ${Number((results.settings.fgsmSummaryEpsilon * 255).toFixed(2))}/255`;
  if (column === 'mce' || column === 'relativeMce') return 'Mean over the 15 benchmark corruptions, all five severities, against the baseline (100% = baseline)';
  if (column === 'occlusion') return 'Mean top-1 error of the centre and boundary occlusion curves';
  return 'Top-1 error';
}

function summaryTable(results: SweepResults): TemplateResult {
  const summary = results.summary;
  if (!summary) return html`<p class="empty-note muted">No image finished every condition, so there is no table.</p>`;
  const names = new Map(results.models.map((m) => [m.modelId, m.name]));
  const missing = sweepSummaryColumns.filter((column) => summary.rows.every((row) => row[column] === null && failedCell(results, row.model, column) === null));
  // The corruptions of incomplete families, on their own after the paper's columns (the cells summaryTableRows ends with).
  const extraColumns = corruptionColumns(results);
  const extraCells = summaryTableRows(results).map((row) => row.cells.slice(row.cells.length - extraColumns.length));
  const note = corruptionColumnsNote(results);
  return html`
    <div class="table-scroll">
      <table class="data-table summary-table">
        <thead><tr><th scope="col">Model</th>${sweepSummaryColumns.map((column) => html`<th scope="col" class="numeric" title=${columnTitle(results, column)}>${SUMMARY_HEADERS[column]}</th>`)}${extraColumns.map((c) => html`<th scope="col" class="numeric" title="Top-1 error averaged over the swept severities">${c.header}</th>`)}</tr></thead>
        <tbody>${summary.rows.map((row, index) => html`<tr>
          <th scope="row"><span class="model-swatch" ${cssProperties({ background: panelModelColor(index) })}></span>${names.get(row.model) ?? row.model}${row.model === results.settings.baseline ? html` <span class="muted">(mCE baseline)</span>` : nothing}</th>
          ${sweepSummaryColumns.map((column) => {
            const best = summary.rows.length > 1 && row[column] !== null && summary.best[column].includes(row.model);
            const failure = row[column] === null ? failedCell(results, row.model, column) : null;
            return html`<td class=${best ? 'numeric best' : 'numeric'} title=${failure ?? nothing}>${summaryCellText(results, row, column)}${best ? html`<span class="codicon codicon-star-full best-mark" aria-label="best"></span>` : nothing}</td>`;
          })}
          ${(extraCells[index] ?? []).map((cell) => html`<td class=${cell.best ? 'numeric best' : 'numeric'}>${cell.text}${cell.best ? html`<span class="codicon codicon-star-full best-mark" aria-label="best"></span>` : nothing}</td>`)}
        </tr>`)}</tbody>
      </table>
    </div>
    <p class="table-note muted">Top-1 error (%) and mCE (%) on ${results.imageCount} images; lower is better; <span class="codicon codicon-star-full best-mark" aria-hidden="true"></span> marks the best of each column.
      ${missing.length ? html`– means not measured in this sweep (${missing.map((c) => SUMMARY_HEADERS[c]).join(', ')}): families need all their benchmark corruptions, mCE all 15 at all five severities.` : nothing}
      ${note ?? nothing}</p>`;
}

export function summaryTemplate(results: SweepResults, exportAs: (format: SweepExportFormat) => void): TemplateResult {
  return html`
    <section class="panel-section" aria-label="Summary">
      <div class="section-heading">
        <span class="codicon codicon-table" aria-hidden="true"></span><h2>Summary</h2>
        ${results.partial ? html`<span class="tag tag-warning" title="The sweep was cancelled">partial: ${results.imageCount} of ${results.plannedImageCount} images</span>` : nothing}
        <span class="heading-spacer"></span>
        <div class="button-row export-buttons">${sweepExportFormats.map((format) => html`<vscode-button id=${`export-${format}`} secondary icon="save" @click=${() => exportAs(format)}>${exportLabels[format]}</vscode-button>`)}</div>
      </div>
      ${summaryTable(results)}
      <dl class="facts">${results.facts.map((fact) => html`<dt>${fact.label}</dt><dd>${fact.value}</dd>`)}</dl>
      ${results.warnings.length ? html`<ul class="warning-list">${results.warnings.map((w) => html`<li><span class="codicon codicon-warning" aria-hidden="true"></span><span>${w}</span></li>`)}</ul>` : nothing}
    </section>`;
}
