// The CutMix paper's summary table as cells, shared by the terminal, Markdown and HTML renderings: checkpoints as rows,
// errors and mCE in percent, the best value of each column marked; corruptions whose family column cannot be filled
// (the family was run incomplete) get columns of their own, so no corruption that was run drops out of the table.
import { sweepSummaryColumns, type SweepResults, type SweepSummaryColumn, type SweepSummaryRow } from '../../protocol/sweep';

export const SUMMARY_HEADERS: Readonly<Record<SweepSummaryColumn, string>> = {
  clean: 'Clean', fgsm: 'FGSM', occlusion: 'Occlusion', noise: 'Noise', blur: 'Blur', weather: 'Weather', digital: 'Digital', mce: 'mCE', relativeMce: 'Rel. mCE',
};

export interface SummaryCell { text: string; best: boolean }
export interface SummaryTableRow { model: string; cells: SummaryCell[] }

/** A fraction as a percentage with one decimal; '–' where there is no value. */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : `${(value * 100).toFixed(1)}`;
}

/** The message of the condition behind `column` that failed for `modelId`, or null (e.g. FGSM without a gradient kernel). */
export function failedCell(results: SweepResults, modelId: string, column: SweepSummaryColumn): string | null {
  const model = results.models.find((m) => m.modelId === modelId);
  return model?.failedConditions?.find((f) => f.condition === column)?.message ?? null;
}

/** A summary cell's text: the percentage, 'failed' where the condition could not run for that model, '–' where it was not measured. */
export function summaryCellText(results: SweepResults, row: SweepSummaryRow, column: SweepSummaryColumn): string {
  return row[column] === null && failedCell(results, row.model, column) !== null ? 'failed' : percent(row[column]);
}

/** The columns any model has a value in or failed (a sweep without FGSM has no FGSM column). */
export function summaryColumns(results: SweepResults): SweepSummaryColumn[] {
  const rows = results.summary?.rows ?? [];
  return sweepSummaryColumns.filter((column) => rows.some((row) => row[column] !== null || failedCell(results, row.model, column) !== null));
}

export interface CorruptionColumn { corruption: string; header: string }

/** The corruptions that were run but whose family column is empty for every model (their family is incomplete), in run order. */
export function corruptionColumns(results: SweepResults): CorruptionColumn[] {
  const rows = results.summary?.rows ?? [];
  if (!rows.length) return [];
  return (results.models[0]?.corruptions ?? [])
    .filter((c) => rows.every((row) => row[c.family] === null))
    .map((c) => ({ corruption: c.corruption, header: c.displayName }));
}

/** Every header of the summary table after 'Model': the paper's columns, then the corruptions of incomplete families. */
export function summaryHeaders(results: SweepResults): string[] {
  return [...summaryColumns(results).map((c) => SUMMARY_HEADERS[c]), ...corruptionColumns(results).map((c) => c.header)];
}

/** One corruption's top-1 error averaged over the swept severities. */
function meanCorruptionError(results: SweepResults, modelId: string, corruption: string): number | null {
  const errors = results.models.find((m) => m.modelId === modelId)?.corruptions.find((c) => c.corruption === corruption)?.errors ?? [];
  return errors.length ? errors.reduce((a, b) => a + b, 0) / errors.length : null;
}

export function summaryTableRows(results: SweepResults): SummaryTableRow[] {
  const summary = results.summary;
  if (!summary) return [];
  const names = new Map(results.models.map((m) => [m.modelId, m.name]));
  const columns = summaryColumns(results);
  const perCorruption = corruptionColumns(results).map(({ corruption }) => {
    const values = summary.rows.map((row) => meanCorruptionError(results, row.model, corruption));
    const present = values.filter((v): v is number => v !== null);
    return { values, best: present.length ? Math.min(...present) : null };
  });
  return summary.rows.map((row, r) => ({
    model: names.get(row.model) ?? row.model,
    cells: [
      ...columns.map((column) => ({ text: summaryCellText(results, row, column), best: summary.rows.length > 1 && row[column] !== null && summary.best[column].includes(row.model) })),
      ...perCorruption.map(({ values, best }) => ({ text: percent(values[r]), best: summary.rows.length > 1 && values[r] !== null && values[r] === best })),
    ],
  }));
}

/** The table's note on corruption columns, or null when every corruption that was run fills its family's column. */
export function corruptionColumnsNote(results: SweepResults): string | null {
  if (!corruptionColumns(results).length) return null;
  return `A family column needs every benchmark corruption of the family; the corruptions of incomplete families have columns of their own (top-1 error averaged over severities ${results.settings.severities.join(', ')}).`;
}
