// The extension's settings under robustnessLens.*, read in one place.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { backendPreferences, type BackendPreference } from '../protocol/backend';
import { DEFAULT_RUNS_FOLDER, chooseRunsFolder } from './runsFolderChoice';

export interface Settings {
  backend: BackendPreference;
  batchSize: number;
  runsFolder: string;
  overviewMaxImages: number;
  engineMaxMemoryMB: number;
  /** Sweep worker processes; 0 lets the engine choose. */
  sweepWorkers: number;
  gpuBackendInstallTimeoutSeconds: number;
  gpuBackendMirror: string;
  gpuBackendNpmRegistry: string;
}

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration('robustnessLens');
  const backend = config.get<string>('backend', 'auto');
  return {
    backend: (backendPreferences as readonly string[]).includes(backend) ? (backend as BackendPreference) : 'auto',
    batchSize: Math.max(1, Math.floor(config.get<number>('batchSize', 32))),
    runsFolder: config.get<string>('runsFolder', DEFAULT_RUNS_FOLDER),
    overviewMaxImages: Math.max(1, Math.floor(config.get<number>('overview.maxImages', 64))),
    engineMaxMemoryMB: Math.max(512, Math.floor(config.get<number>('engine.maxMemoryMB', 8192))),
    sweepWorkers: Math.max(0, Math.floor(config.get<number>('sweep.workers', 0))),
    gpuBackendInstallTimeoutSeconds: Math.max(30, Math.floor(config.get<number>('gpuBackend.installTimeoutSeconds', 900))),
    gpuBackendMirror: config.get<string>('gpuBackend.mirror', '').trim(),
    gpuBackendNpmRegistry: config.get<string>('gpuBackend.npmRegistry', '').trim(),
  };
}

/** The runs folder as an absolute path: relative settings resolve against the first workspace folder, else the extension's storage; a value from the workspace's own settings must stay inside it (runsFolderChoice.ts). */
export function runsFolderPath(context: vscode.ExtensionContext, settings: Settings = readSettings()): string {
  const workspace = vscode.workspace.workspaceFolders?.[0];
  if (!workspace) return path.isAbsolute(settings.runsFolder) ? settings.runsFolder : path.join(context.globalStorageUri.fsPath, 'runs');
  const inspected = vscode.workspace.getConfiguration('robustnessLens').inspect<string>('runsFolder');
  const setByWorkspace = inspected?.workspaceFolderValue !== undefined || inspected?.workspaceValue !== undefined;
  const { folder, note } = chooseRunsFolder(settings.runsFolder, setByWorkspace, workspace.uri.fsPath);
  if (note && !notedRunsFolders.has(note)) {
    notedRunsFolders.add(note);
    void vscode.window.showWarningMessage(`Robustness Lens: ${note}`);
  }
  return folder;
}

/** The runs-folder notes already shown, so each shows once per session. */
const notedRunsFolders = new Set<string>();
