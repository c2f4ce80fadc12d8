// The text of a sweep report exported from the panel, with the CLI's exporters: Markdown and HTML show the OOD score the
// panel shows (as the CLI's --ood-score chooses it); the CSV has every score. No `vscode` here, so it is tested directly.
import type { SweepExportFormat } from '../../protocol/messages/sweep';
import type { SweepOodScoreChoice, SweepResults } from '../../protocol/sweep';
import { sweepCsv } from './sweepCsv';
import { sweepHtml } from './sweepHtml';
import { sweepMarkdown } from './sweepMarkdown';

const REPORT_TITLE = 'Robustness sweep';

export function sweepReportText(results: SweepResults, format: SweepExportFormat, oodScore: SweepOodScoreChoice, generatedAt = new Date().toISOString()): string {
  if (format === 'md') return sweepMarkdown(results, REPORT_TITLE, oodScore);
  if (format === 'csv') return sweepCsv(results);
  return sweepHtml(results, REPORT_TITLE, generatedAt, { classNames: results.classNames ?? null, oodScore });
}
