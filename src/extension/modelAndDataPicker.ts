// The quick picks every analysis command starts with: checkpoints (opened ones and the two samples, several at once)
// and a dataset (the bundled sample set unless the user browses for another). Each command supplies its own wording.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { z } from 'zod';
import { displayName } from './panels/overviewPanel';

export interface PickerWording {
  modelsTitle: string;
  modelsPlaceholder: string;
  datasetTitle: string;
  sampleDescription: string;
  browseLabel: string;
  browseDescription: string;
  openLabel: string;
}

/** The Models view passes its model node to the commands it offers. */
export const modelNodeSchema = z.object({ path: z.string().min(1) });

export function sampleModelPaths(extensionPath: string): string[] {
  return ['baseline', 'cutmix'].map((name) => path.join(extensionPath, 'samples', 'models', name, 'model.json'));
}

export function sampleDataPath(extensionPath: string): string {
  return path.join(extensionPath, 'samples', 'data');
}

export async function pickModels(extensionPath: string, openedModels: readonly string[], preselected: string | null, wording: PickerWording, maxModels = Infinity): Promise<string[] | undefined> {
  const samples = sampleModelPaths(extensionPath);
  const candidates = [...new Set([...(preselected ? [path.resolve(preselected)] : []), ...openedModels, ...samples])];
  const items = candidates.map((modelPath) => ({
    label: displayName(modelPath),
    description: samples.includes(modelPath) ? 'bundled sample' : vscode.workspace.asRelativePath(modelPath),
    picked: preselected ? modelPath === path.resolve(preselected) : samples.includes(modelPath),
    modelPath,
  }));
  const chosen = await vscode.window.showQuickPick(items, { canPickMany: true, title: wording.modelsTitle, placeHolder: wording.modelsPlaceholder });
  return chosen && chosen.length > 0 ? chosen.slice(0, maxModels).map((item) => item.modelPath) : undefined;
}

export async function pickDataset(extensionPath: string, wording: PickerWording): Promise<string | undefined> {
  const sample = { label: '$(database) Bundled sample set', description: wording.sampleDescription, data: sampleDataPath(extensionPath) };
  const browse = { label: `$(folder-opened) ${wording.browseLabel}`, description: wording.browseDescription, data: null };
  const choice = await vscode.window.showQuickPick([sample, browse], { title: wording.datasetTitle });
  if (!choice) return undefined;
  if (choice.data !== null) return choice.data;
  const picked = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: wording.openLabel });
  return picked?.[0]?.fsPath;
}
