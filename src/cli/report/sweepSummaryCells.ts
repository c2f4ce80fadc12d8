// The CutMix paper's summary table as cells, shared by the terminal, Markdown and HTML renderings: checkpoints as rows,
// errors and mCE in percent, the best value of each column marked.
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

export function summaryTableRows(results: SweepResults): SummaryTableRow[] {
  const summary = results.summary;
  if (!summary) return [];
  const names = new Map(results.models.map((m) => [m.modelId, m.name]));
  const columns = summaryColumns(results);
  return summary.rows.map((row) => ({
    model: names.get(row.model) ?? row.model,
    cells: columns.map((column) => ({ text: summaryCellText(results, row, column), best: summary.rows.length > 1 && row[column] !== null && summary.best[column].includes(row.model) })),
  }));
}
