// What the "Localisation (CAM)" command opens: models (opened ones and the two samples, several at once) and a
// wsolevaluation dataset (the bundled sample set unless the user browses for another).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { z } from 'zod';
import { displayName } from './panels/overviewPanel';

export interface LocalisationPick { modelPaths: string[]; data: string }

/** Tests and other commands may pass the models and dataset; the Models view passes its model node. */
const givenTargetSchema = z.object({ modelPaths: z.array(z.string().min(1)).min(1).max(8), data: z.string().min(1).optional() });
const modelNodeSchema = z.object({ path: z.string().min(1) });

export function sampleModelPaths(extensionPath: string): string[] {
  return ['baseline', 'cutmix'].map((name) => path.join(extensionPath, 'samples', 'models', name, 'model.json'));
}

export function sampleDataPath(extensionPath: string): string {
  return path.join(extensionPath, 'samples', 'data');
}

async function pickModels(extensionPath: string, openedModels: readonly string[], preselected: string | null): Promise<string[] | undefined> {
  const samples = sampleModelPaths(extensionPath);
  const candidates = [...new Set([...(preselected ? [path.resolve(preselected)] : []), ...openedModels, ...samples])];
  const items = candidates.map((modelPath) => ({
    label: displayName(modelPath),
    description: samples.includes(modelPath) ? 'bundled sample' : vscode.workspace.asRelativePath(modelPath),
    picked: preselected ? modelPath === path.resolve(preselected) : samples.includes(modelPath),
    modelPath,
  }));
  const chosen = await vscode.window.showQuickPick(items, {
    canPickMany: true, title: 'Localisation (CAM): models to compare on the same images', placeHolder: 'Pick one or more checkpoints',
  });
  return chosen && chosen.length > 0 ? chosen.map((item) => item.modelPath) : undefined;
}

async function pickDataset(extensionPath: string): Promise<string | undefined> {
  const sample = { label: '$(database) Bundled sample set', description: 'digits with boxes, wsolevaluation layout', data: sampleDataPath(extensionPath) };
  const browse = { label: '$(folder-opened) Browse for a wsolevaluation dataset…', description: 'a folder with metadata/localization.txt', data: null };
  const choice = await vscode.window.showQuickPick([sample, browse], { title: 'Localisation (CAM): images with ground-truth boxes' });
  if (!choice) return undefined;
  if (choice.data !== null) return choice.data;
  const picked = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Localise' });
  return picked?.[0]?.fsPath;
}

/** The models and dataset to localise: taken from `argument` when it names them, else asked for. */
export async function pickLocalisationTarget(argument: unknown, extensionPath: string, openedModels: readonly string[]): Promise<LocalisationPick | undefined> {
  const given = givenTargetSchema.safeParse(argument);
  if (given.success) return { modelPaths: given.data.modelPaths, data: given.data.data ?? sampleDataPath(extensionPath) };
  const node = modelNodeSchema.safeParse(argument);
  const modelPaths = await pickModels(extensionPath, openedModels, node.success ? node.data.path : null);
  if (!modelPaths) return undefined;
  const data = await pickDataset(extensionPath);
  return data ? { modelPaths, data } : undefined;
}
