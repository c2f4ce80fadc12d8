// Saves the localisation panel's shown runs as Markdown or CSV with the CLI's own exporters (`cam --export`); the user
// picks the file in a save dialog.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LocalisationExportFormat } from '../../protocol/messages/localisation';
import { writeFileAtomic } from '../../engine/atomicWrite';
import type { LocalisationExportRun } from '../../present/report/localisationExportRun';
import { panelReports } from './panelReports';

const formatFilters: Readonly<Record<LocalisationExportFormat, Record<string, string[]>>> = { md: { Markdown: ['md'] }, csv: { CSV: ['csv'] } };

/** Asks where to save, writes the report there and returns the file, or null when the user cancelled the dialog. */
export async function exportLocalisationReport(records: readonly LocalisationExportRun[], format: LocalisationExportFormat): Promise<string | null> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const suggested = `${records[0].id}.${format}`;
  const target = await vscode.window.showSaveDialog({
    title: `Export the localisation report as ${format === 'md' ? 'Markdown' : 'CSV'}`,
    defaultUri: vscode.Uri.file(folder ? path.join(folder, suggested) : suggested),
    filters: formatFilters[format],
    saveLabel: 'Export',
  });
  if (!target) return null;
  const { localisationReportText, writeDefinitionsPage } = panelReports();
  await fs.writeFile(target.fsPath, localisationReportText(records, format), 'utf8');
  // The Markdown report links to the definitions page beside it.
  if (format === 'md') await writeDefinitionsPage(path.dirname(target.fsPath), writeFileAtomic);
  return target.fsPath;
}
