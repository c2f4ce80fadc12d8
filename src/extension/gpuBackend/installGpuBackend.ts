// The "Install GPU Backend (tfjs-node-gpu)" command: npm installs tfjs-node-gpu into the extension's global
// storage, with progress, a time limit and cancellation; the engine loads it from there after a restart.
import { mkdir } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { EngineClient } from '../engineClient';
import { readSettings } from '../settings';
import { findOnPath } from './findExecutable';
import { GPU_BACKEND_PACKAGE, gpuBackendFolder, removeMarker, tfjsDependencyVersion, writeMarker, type GpuBackendFolder } from './gpuBackendFolder';
import { failureMessage, formatElapsed, progressText } from './installMessages';
import { runInstaller, type InstallerFailure, type InstallerResult } from './installRunner';
import { mirrorEnvironment, npmInstallArguments } from './npmInstallCommand';
import { pruneSharedPackages } from './pruneSharedPackages';

export const INSTALL_GPU_BACKEND = 'robustnessLens.installGpuBackend';
const NODE_DOWNLOAD_URL = 'https://nodejs.org/en/download';

let installing = false;

export async function installGpuBackend(context: vscode.ExtensionContext, engine: EngineClient, output: vscode.OutputChannel): Promise<void> {
  if (installing) {
    void vscode.window.showInformationMessage('Robustness Lens: the GPU backend is already being installed.');
    return;
  }
  const npm = findOnPath('npm');
  if (!npm) {
    const where = vscode.env.remoteName ? ` on the remote machine (${vscode.env.remoteName})` : '';
    const choice = await vscode.window.showErrorMessage(`Robustness Lens: npm was not found on the PATH${where}. Install Node.js (it includes npm), then run "Install GPU Backend" again.`, 'Get Node.js');
    if (choice) void vscode.env.openExternal(vscode.Uri.parse(NODE_DOWNLOAD_URL));
    return;
  }
  const version = tfjsDependencyVersion(context.extension.packageJSON);
  if (!version) {
    void vscode.window.showErrorMessage('Robustness Lens: the extension\'s package.json names no exact @tensorflow/tfjs version to match.');
    return;
  }
  const settings = readSettings();
  const folder = gpuBackendFolder(context.globalStorageUri.fsPath);
  let args: string[];
  let mirrorEnv: Record<string, string>;
  try {
    args = npmInstallArguments(folder.root, version, settings.gpuBackendNpmRegistry);
    mirrorEnv = mirrorEnvironment(settings.gpuBackendMirror);
  } catch (err) {
    void vscode.window.showErrorMessage(`Robustness Lens: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }

  installing = true;
  try {
    // Until this install finishes, the engine must not load a half-replaced folder.
    await removeMarker(folder);
    await mkdir(folder.root, { recursive: true });
    output.appendLine(`[gpu backend] ${npm} ${args.join(' ')}${Object.keys(mirrorEnv).length ? ` (mirror ${settings.gpuBackendMirror})` : ''}`);
    const timeoutMs = settings.gpuBackendInstallTimeoutSeconds * 1000;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Installing ${GPU_BACKEND_PACKAGE} ${version}`, cancellable: true },
      (progress, token) => runWithProgress(npm, args, { ...process.env, ...mirrorEnv }, folder, timeoutMs, progress, token, output),
    );
    output.appendLine(`[gpu backend] ${result.end.reason} after ${formatElapsed(result.elapsedMs)}`);
    if (result.end.reason === 'succeeded') await finishInstall(folder, version, engine, output);
    else await reportFailure(result.end, result.lastLines, output);
  } catch (err) {
    void vscode.window.showErrorMessage(`Robustness Lens: the GPU backend install failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    installing = false;
  }
}

function runWithProgress(
  npm: string, args: string[], env: NodeJS.ProcessEnv, folder: GpuBackendFolder, timeoutMs: number,
  progress: vscode.Progress<{ message?: string }>, token: vscode.CancellationToken, output: vscode.OutputChannel,
): Promise<InstallerResult> {
  const abort = new AbortController();
  const subscription = token.onCancellationRequested(() => abort.abort());
  const started = Date.now();
  let latest = 'Starting npm';
  const show = () => progress.report({ message: `${latest} · ${formatElapsed(Date.now() - started)}` });
  // Elapsed time keeps moving while a long download prints nothing.
  const ticker = setInterval(show, 1000);
  show();
  return runInstaller(npm, args, {
    cwd: folder.root, env, timeoutMs, signal: abort.signal,
    onLine: (line) => {
      output.appendLine(`[gpu backend] ${line}`);
      const text = progressText(line);
      if (text) { latest = text; show(); }
    },
  }).finally(() => { clearInterval(ticker); subscription.dispose(); });
}

async function finishInstall(folder: GpuBackendFolder, version: string, engine: EngineClient, output: vscode.OutputChannel): Promise<void> {
  const pruned = await pruneSharedPackages(folder.nodeModules);
  if (pruned.length) output.appendLine(`[gpu backend] removed the copies the extension already ships: ${pruned.join(', ')}`);
  await writeMarker(folder, version);
  const choice = await vscode.window.showInformationMessage(`Robustness Lens: ${GPU_BACKEND_PACKAGE} ${version} is installed in ${folder.root}. Restart the engine to use it.`, 'Restart Engine');
  if (choice !== 'Restart Engine') return;
  await engine.restart('the GPU backend was installed');
  const info = await engine.backend();
  if (info.name === 'tensorflow') {
    void vscode.window.showInformationMessage(`Robustness Lens: the engine now runs on ${info.label}.`);
  } else {
    const reason = info.log.find((line) => line.includes(GPU_BACKEND_PACKAGE)) ?? 'see the log';
    const logChoice = await vscode.window.showWarningMessage(`Robustness Lens: the engine did not load ${GPU_BACKEND_PACKAGE} and runs on ${info.label} (${reason}).`, 'Show Log');
    if (logChoice) output.show();
  }
}

async function reportFailure(end: InstallerFailure, lastLines: readonly string[], output: vscode.OutputChannel): Promise<void> {
  const message = failureMessage(end, lastLines);
  if (!message) {
    void vscode.window.showInformationMessage('Robustness Lens: the GPU backend install was cancelled.');
    return;
  }
  const choice = await vscode.window.showErrorMessage(`Robustness Lens: ${message}`, 'Show Log');
  if (choice) output.show();
}
