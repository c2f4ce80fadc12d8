// The extension's settings under robustnessLens.*, read in one place.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { backendPreferences, type BackendPreference } from '../protocol/backend';

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
    runsFolder: config.get<string>('runsFolder', '.robustness-lens/runs'),
    overviewMaxImages: Math.max(1, Math.floor(config.get<number>('overview.maxImages', 64))),
    engineMaxMemoryMB: Math.max(512, Math.floor(config.get<number>('engine.maxMemoryMB', 8192))),
    sweepWorkers: Math.max(0, Math.floor(config.get<number>('sweep.workers', 0))),
    gpuBackendInstallTimeoutSeconds: Math.max(30, Math.floor(config.get<number>('gpuBackend.installTimeoutSeconds', 900))),
    gpuBackendMirror: config.get<string>('gpuBackend.mirror', '').trim(),
    gpuBackendNpmRegistry: config.get<string>('gpuBackend.npmRegistry', '').trim(),
  };
}

/** The runs folder as an absolute path: relative settings resolve against the first workspace folder, else the extension's storage. */
export function runsFolderPath(context: vscode.ExtensionContext, settings: Settings = readSettings()): string {
  if (path.isAbsolute(settings.runsFolder)) return settings.runsFolder;
  const workspace = vscode.workspace.workspaceFolders?.[0];
  return workspace ? path.join(workspace.uri.fsPath, settings.runsFolder) : path.join(context.globalStorageUri.fsPath, 'runs');
}
