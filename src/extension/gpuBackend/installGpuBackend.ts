// The "Install GPU Backend" command. It offers tfjs-node-gpu (npm installs it into the extension's global storage; the
// engine loads it from there after a restart) and, where ONNX Runtime ships one, its CUDA provider (its own install
// script fetches it into the extension). Both show progress and can be cancelled, under the same time limit.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EngineClient } from '../engineClient';
import { readSettings } from '../settings';
import { findOnPath } from './findExecutable';
import { GPU_BACKEND_PACKAGE, gpuBackendFolder, removeMarker, tfjsDependencyVersion, writeMarker, type GpuBackendFolder } from './gpuBackendFolder';
import { type InstallSubject, ONNX_CUDA_INSTALL, TFJS_NODE_GPU_INSTALL, failureMessage, formatElapsed, progressText } from './installMessages';
import { runInstaller, type InstallerFailure, type InstallerResult } from './installRunner';
import { mirrorEnvironment, npmInstallArguments, npmInvocation, redactCredentials } from './npmInstallCommand';
import { onnxCudaInstallCommand, onnxCudaProviderLibrary } from './onnxCudaProvider';
import { pruneSharedPackages } from './pruneSharedPackages';

export const INSTALL_GPU_BACKEND = 'robustnessLens.installGpuBackend';
const NODE_DOWNLOAD_URL = 'https://nodejs.org/en/download';

/** Platforms onnxruntime-node publishes a CUDA provider for. */
const ONNX_CUDA_PLATFORMS = new Set(['linux/x64', 'win32/x64']);

let installing = false;

export async function installGpuBackend(context: vscode.ExtensionContext, engine: EngineClient, output: vscode.OutputChannel): Promise<void> {
  if (installing) {
    void vscode.window.showInformationMessage('Robustness Lens: a GPU backend is already being installed.');
    return;
  }
  if (!ONNX_CUDA_PLATFORMS.has(`${process.platform}/${process.arch}`)) return installTfjsNodeGpu(context, engine, output);
  const cudaInstalled = existsSync(onnxCudaProviderLibrary(context.extensionPath));
  const choice = await vscode.window.showQuickPick([
    { label: '$(server-process) tfjs-node-gpu', description: 'TensorFlow with CUDA', detail: 'Every analysis of TF.js and Keras models, and the gradient analyses of ONNX models, on an NVIDIA GPU.', pick: 'tfjs' as const },
    { label: '$(zap) ONNX Runtime CUDA provider', description: cudaInstalled ? 'installed; reinstall' : 'for PyTorch / ONNX models', detail: 'Predictions of ONNX models (top-k, sweeps, occlusion, OOD, mixes) on an NVIDIA GPU; needs CUDA 12 and cuDNN 9.', pick: 'onnx' as const },
  ], { title: 'Install GPU Backend' });
  if (choice?.pick === 'tfjs') await installTfjsNodeGpu(context, engine, output);
  else if (choice?.pick === 'onnx') await installOnnxCudaProvider(context, engine, output);
}

async function installTfjsNodeGpu(context: vscode.ExtensionContext, engine: EngineClient, output: vscode.OutputChannel): Promise<void> {
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
  const invocation = npmInvocation(npm);
  if (!invocation) {
    void vscode.window.showErrorMessage(`Robustness Lens: npm's npm-cli.js and node.exe were not found beside ${npm}, so npm cannot be run without a shell. Reinstall Node.js, then run "Install GPU Backend" again.`);
    return;
  }
  const settings = readSettings();
  const folder = gpuBackendFolder(context.globalStorageUri.fsPath);
  let args: string[];
  let mirrorEnv: Record<string, string>;
  try {
    args = [...invocation.args, ...npmInstallArguments(folder.root, version, settings.gpuBackendNpmRegistry)];
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
    const mirrorNote = mirrorEnv.TFJS_NODE_CDN_STORAGE ? ` (mirror ${mirrorEnv.TFJS_NODE_CDN_STORAGE})` : '';
    output.appendLine(redactCredentials(`[gpu backend] ${invocation.command} ${args.join(' ')}${mirrorNote}`));
    const timeoutMs = settings.gpuBackendInstallTimeoutSeconds * 1000;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Installing ${GPU_BACKEND_PACKAGE} ${version}`, cancellable: true },
      (progress, token) => runWithProgress(invocation.command, args, { ...process.env, ...mirrorEnv }, folder.root, timeoutMs, progress, token, output, 'gpu backend'),
    );
    output.appendLine(`[gpu backend] ${result.end.reason} after ${formatElapsed(result.elapsedMs)}`);
    if (result.end.reason === 'succeeded') await finishInstall(folder, version, engine, output);
    else await reportFailure(result.end, result.lastLines, output, TFJS_NODE_GPU_INSTALL);
  } catch (err) {
    void vscode.window.showErrorMessage(`Robustness Lens: the GPU backend install failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    installing = false;
  }
}

/** Fetches ONNX Runtime's CUDA provider into the extension with onnxruntime-node's install script, then offers a restart. */
async function installOnnxCudaProvider(context: vscode.ExtensionContext, engine: EngineClient, output: vscode.OutputChannel): Promise<void> {
  const install = onnxCudaInstallCommand(context.extensionPath, process.execPath, process.env);
  const library = onnxCudaProviderLibrary(context.extensionPath);
  installing = true;
  try {
    output.appendLine(`[onnx cuda] ${install.command} ${install.args.join(' ')}`);
    const timeoutMs = readSettings().gpuBackendInstallTimeoutSeconds * 1000;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Installing ONNX Runtime\'s CUDA provider', cancellable: true },
      (progress, token) => runWithProgress(install.command, install.args, install.env, install.cwd, timeoutMs, progress, token, output, 'onnx cuda'),
    );
    output.appendLine(`[onnx cuda] ${result.end.reason} after ${formatElapsed(result.elapsedMs)}`);
    if (result.end.reason !== 'succeeded') {
      await reportFailure(result.end, result.lastLines, output, ONNX_CUDA_INSTALL);
      return;
    }
    if (!existsSync(library)) {
      void vscode.window.showErrorMessage(`Robustness Lens: the install script finished but ${library} is missing; see the log.`);
      return;
    }
    const choice = await vscode.window.showInformationMessage('Robustness Lens: ONNX Runtime\'s CUDA provider is installed. Restart the engine and reopen ONNX models to predict on the GPU (a model whose provider does not load says why in its warnings).', 'Restart Engine');
    if (choice === 'Restart Engine') await engine.restart('ONNX Runtime\'s CUDA provider was installed');
  } catch (err) {
    void vscode.window.showErrorMessage(`Robustness Lens: the CUDA provider install failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    installing = false;
  }
}

function runWithProgress(
  command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, timeoutMs: number,
  progress: vscode.Progress<{ message?: string }>, token: vscode.CancellationToken, output: vscode.OutputChannel, tag: string,
): Promise<InstallerResult> {
  const abort = new AbortController();
  const subscription = token.onCancellationRequested(() => abort.abort());
  const started = Date.now();
  let latest = `Starting ${path.basename(command)}`;
  const show = () => progress.report({ message: `${latest} · ${formatElapsed(Date.now() - started)}` });
  // Elapsed time keeps moving while a long download prints nothing.
  const ticker = setInterval(show, 1000);
  show();
  return runInstaller(command, args, {
    cwd, env, timeoutMs, signal: abort.signal,
    onLine: (line) => {
      output.appendLine(`[${tag}] ${redactCredentials(line)}`);
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

async function reportFailure(end: InstallerFailure, lastLines: readonly string[], output: vscode.OutputChannel, subject: InstallSubject): Promise<void> {
  const message = failureMessage(end, lastLines.map(redactCredentials), subject);
  if (!message) {
    void vscode.window.showInformationMessage(`Robustness Lens: the install of ${subject.name} was cancelled.`);
    return;
  }
  const choice = await vscode.window.showErrorMessage(`Robustness Lens: ${message}`, 'Show Log');
  if (choice) output.show();
}
