// Saves the shown sweep as Markdown, CSV or HTML (the CLI's exporters, loaded on first use) where the user picks in a save dialog.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SweepExportFormat } from '../../protocol/messages/sweep';
import type { SweepOodScoreChoice, SweepResults } from '../../protocol/sweep';
import { writeFileAtomic } from '../../engine/atomicWrite';
import { panelReports } from './panelReports';

const formatFilters: Readonly<Record<SweepExportFormat, Record<string, string[]>>> = {
  md: { Markdown: ['md'] }, csv: { CSV: ['csv'] }, html: { HTML: ['html'] },
};

/** Asks where to save, writes the report there and returns the file, or null when the user cancelled the dialog. */
export async function exportSweepReport(results: SweepResults, format: SweepExportFormat, oodScore: SweepOodScoreChoice, runId: string): Promise<string | null> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const suggested = `${runId}.${format}`;
  const target = await vscode.window.showSaveDialog({
    title: `Export the robustness sweep as ${format.toUpperCase()}`,
    defaultUri: vscode.Uri.file(folder ? path.join(folder, suggested) : suggested),
    filters: formatFilters[format],
    saveLabel: 'Export',
  });
  if (!target) return null;
  const { sweepReportText, writeDefinitionsPage } = panelReports();
  await fs.writeFile(target.fsPath, sweepReportText(results, format, oodScore), 'utf8');
  // The HTML and Markdown reports link to the definitions page beside them.
  if (format !== 'csv') await writeDefinitionsPage(path.dirname(target.fsPath), writeFileAtomic);
  return target.fsPath;
}
