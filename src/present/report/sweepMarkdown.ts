// The sweep report as Markdown: the summary table (best per column in bold), the facts, and each model's error table per
// corruption × severity, FGSM per ε, occlusion, calibration and OOD.
import type { SweepModelResult, SweepResults } from '../../protocol/sweep';
import { OOD_SCORE_TITLES, calibrationLine, logProbabilityNote, oodMetricsNote, oodRows, oodSetLabel, oodVerdict, type OodScoreChoice } from '../calibrationFigures';
import { temperatureCaption, temperatureRows } from '../temperatureFigures';
import { DEFINITIONS_PAGE_FILE, linkDefinitionCitationsMarkdown } from './definitionsPage';
import { SUMMARY_HEADERS, corruptionColumnsNote, percent, summaryHeaders, summaryTableRows } from './sweepSummaryCells';

/** Text safe inside a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`, ...rows.map(line)].join('\n');
}

function modelSection(model: SweepModelResult, results: SweepResults, oodScore: OodScoreChoice): string {
  const parts = [`### ${model.name}`, '', `Clean error ${percent(model.clean)}% · input ${model.inputSize.join('×')} · \`${model.modelId}\``, ''];
  if (model.corruptions.length) {
    parts.push('Top-1 error (%) per corruption and severity', '', table(['Corruption', ...results.settings.severities.map((s) => `s${s}`), 'Mean'],
      model.corruptions.map((c) => [`${c.displayName}${c.kind === 'extra' ? ' (extra)' : ''}`, ...c.errors.map(percent), percent(c.errors.reduce((a, b) => a + b, 0) / c.errors.length)])), '');
  }
  if (model.fgsm) parts.push('FGSM top-1 error (%)', '', table(['ε', ...model.fgsm.errors.map((e) => `${Number((e.epsilon * 255).toFixed(3))}/255`)], [['error', ...model.fgsm.errors.map((e) => percent(e.error))]]), '');
  for (const failure of model.failedConditions ?? []) parts.push(`${SUMMARY_HEADERS[failure.condition]}: failed. ${failure.message}`, '');
  if (model.occlusion) {
    parts.push(`Occlusion top-1 error (%) against hole size; mean ${percent(model.occlusion.occlusion)}%`, '',
      table(['Mode', ...model.occlusion.sizes.map((s) => `${Math.round(s.fraction * 100)}%`)], model.occlusion.curves.map((c) => [c.mode, ...c.errors.map(percent)])), '');
  }
  parts.push(`Calibration on ${model.calibration.imageCount} clean images: ${calibrationLine(model.calibration)}`, '');
  const scaling = model.calibration.temperatureScaling;
  if (scaling) {
    parts.push(`Before / after temperature scaling (${temperatureCaption(scaling)}), on the ${model.calibration.imageCount} evaluated clean images`, '',
      table(['Metric', 'Before (T = 1)', 'After'], temperatureRows(model.calibration, scaling).map((r) => [r.metric, r.before, r.after])), '');
  }
  const rows = oodRows(model, oodScore);
  if (rows.length) {
    const all = oodScore === 'all';
    parts.push('OOD detection (%)', '', oodMetricsNote(oodScore), '', table(['Set', ...(all ? ['Score'] : []), 'Images (in / out)', 'AUROC', 'TNR at TPR 95%', 'FPR at TPR 95%', 'AUPR-In', 'AUPR-Out', 'Detection acc.'],
      rows.map(({ score, result: o }) => [oodSetLabel(o), ...(all ? [OOD_SCORE_TITLES[score]] : []), `${o.inCount} / ${o.outCount}`, percent(o.auroc), percent(o.tnrAtTpr95), percent(o.fprAtTpr95), percent(o.auprIn), percent(o.auprOut), percent(o.detectionAccuracy)])), '');
    const verdict = oodScore === 'msp' || all ? oodVerdict(model) : null;
    if (verdict) parts.push(`> ${verdict}`, '');
    const note = logProbabilityNote(model, oodScore);
    if (note) parts.push(`> ${note}`, '');
  }
  return parts.join('\n');
}

export function sweepMarkdown(results: SweepResults, title: string, oodScore: OodScoreChoice = 'msp'): string {
  const rows = summaryTableRows(results).map((row) => [row.model, ...row.cells.map((c) => (c.best ? `**${c.text}**` : c.text))]);
  return [
    `# ${title}`, '',
    results.partial ? `> Partial: cancelled after ${results.imageCount} of ${results.plannedImageCount} images.\n` : '',
    '## Summary', '',
    `Top-1 error (%) and mCE (%) on ${results.imageCount} images; lower is better; the best of each column in bold.`, '',
    table(['Model', ...summaryHeaders(results)], rows), '',
    ...(corruptionColumnsNote(results) ? [corruptionColumnsNote(results) ?? '', ''] : []),
    '## Facts', '',
    ...results.facts.map((f) => `- **${f.label}**: ${linkDefinitionCitationsMarkdown(f.value)}`), '',
    `Every metric and corruption is defined in [${DEFINITIONS_PAGE_FILE}](${DEFINITIONS_PAGE_FILE}), beside this report.`, '',
    ...(results.warnings.length ? ['## Warnings', '', ...results.warnings.map((w) => `- ${linkDefinitionCitationsMarkdown(w)}`), ''] : []),
    '## Per model', '',
    ...results.models.map((m) => modelSection(m, results, oodScore)),
  ].join('\n');
}
