// The CutMix paper's summary table as cells, shared by the terminal, Markdown and HTML renderings: checkpoints as rows,
// errors and mCE in percent, the best value of each column marked.
import { sweepSummaryColumns, type SweepResults, type SweepSummaryColumn } from '../../protocol/sweep';

export const SUMMARY_HEADERS: Readonly<Record<SweepSummaryColumn, string>> = {
  clean: 'Clean', fgsm: 'FGSM', occlusion: 'Occlusion', noise: 'Noise', blur: 'Blur', weather: 'Weather', digital: 'Digital', mce: 'mCE', relativeMce: 'Rel. mCE',
};

export interface SummaryCell { text: string; best: boolean }
export interface SummaryTableRow { model: string; cells: SummaryCell[] }

/** A fraction as a percentage with one decimal; '–' where there is no value. */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : `${(value * 100).toFixed(1)}`;
}

/** The columns any model has a value in (a sweep without FGSM has no FGSM column). */
export function summaryColumns(results: SweepResults): SweepSummaryColumn[] {
  const rows = results.summary?.rows ?? [];
  return sweepSummaryColumns.filter((column) => rows.some((row) => row[column] !== null));
}

export function summaryTableRows(results: SweepResults): SummaryTableRow[] {
  const summary = results.summary;
  if (!summary) return [];
  const names = new Map(results.models.map((m) => [m.modelId, m.name]));
  const columns = summaryColumns(results);
  return summary.rows.map((row) => ({
    model: names.get(row.model) ?? row.model,
    cells: columns.map((column) => ({ text: percent(row[column]), best: summary.rows.length > 1 && row[column] !== null && summary.best[column].includes(row.model) })),
  }));
}
