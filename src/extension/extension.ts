// Activation: registers commands, the activity-bar view, the status bar and the panel serializer.
// Nothing here imports tfjs; the engine process starts on the first request.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_MIX_CHOICES } from '../protocol/messages/mix';
import type { RunRecord } from '../protocol/records';
import type { CamResults } from '../protocol/cam';
import type { PredictResults } from '../protocol/predict';
import type { SweepResults } from '../protocol/sweep';
import { readRunRecord } from '../engine/runs/store';
import { EngineClient } from './engineClient';
import { engineEnvironment, gpuBackendFolder, tfjsDependencyVersion } from './gpuBackend/gpuBackendFolder';
import { INSTALL_GPU_BACKEND, installGpuBackend } from './gpuBackend/installGpuBackend';
import { pickLocalisationTarget } from './localisationPicker';
import { LOCALISATION_VIEW_TYPE, LocalisationPanel, localisationPanelKind } from './panels/localisationPanel';
import { DEFAULT_LOCALISATION_CHOICES, localisationTargetOfState, targetOfCamRun } from './panels/localisationTarget';
import { MIX_VIEW_TYPE, MixPanel, mixPanelKind } from './panels/mixPanel';
import { mixTargetOfState } from './panels/mixTarget';
import { OVERVIEW_VIEW_TYPE, OverviewPanel, overviewKey, overviewPanelKind } from './panels/overviewPanel';
import { overviewTargetOfState } from './panels/overviewTarget';
import { PanelRegistry } from './panels/panelRegistry';
import type { SavedRun, StatePaths } from './panels/savedRun';
import { SWEEP_VIEW_TYPE, SweepPanel, sweepPanelKind } from './panels/sweepPanel';
import { sweepTargetOfState, targetOfSweepRun } from './panels/sweepTarget';
import { pickMixTarget } from './mixPicker';
import { runsFolderPath } from './settings';
import { SHOW_ENGINE_DETAILS, createBackendStatusItem, engineDetailsText } from './statusBar';
import { pickSweepTarget } from './sweepPicker';
import { LensTreeProvider } from './views/lensTree';
import { recordPaths } from './recordValidation';
import { allowedPath, allowedRecordFile } from './workspacePaths';

const MODEL_GLOB = '**/{model.json,*.h5,*.keras,*.onnx,saved_model.pb}';

/** What activate() returns: used by the integration tests to reach the engine. */
export interface RobustnessLensApi {
  engine: EngineClient; overviewFor(modelPath: string): OverviewPanel | undefined; localisation(): LocalisationPanel | undefined; sweep(): SweepPanel | undefined; mix(): MixPanel | undefined;
  /** Milliseconds activate() took, and from its start until the Models and Runs view first listed the runs (once shown). */
  activationMs: number; viewReadyMs: Promise<number>;
}

export function activate(context: vscode.ExtensionContext): RobustnessLensApi {
  const activationStarted = performance.now();
  const output = vscode.window.createOutputChannel('Robustness Lens');
  const engine = new EngineClient(context.extensionPath, output, () => gpuBackendEngineEnv(context, output));
  const tree = new LensTreeProvider(context.workspaceState, () => runsFolderPath(context));
  const overviews = new PanelRegistry(context, overviewPanelKind(context, engine));
  const localisation = new PanelRegistry(context, localisationPanelKind(context, engine));
  const sweep = new PanelRegistry(context, sweepPanelKind(context, engine));
  const mix = new PanelRegistry(context, mixPanelKind(context, engine));
  const statePaths: StatePaths = {
    file: (candidate) => allowedPath(candidate, context.extensionPath, tree.openedModels()),
    recordFile: (candidate) => allowedRecordFile(candidate, context.extensionPath, tree.openedModels(), runsFolderPath(context)),
  };
  const openOverview = async (modelPath: string, run: SavedRun<PredictResults> | null = null) => {
    await tree.rememberModel(modelPath);
    return overviews.show({ modelPath, run, notice: null });
  };
  const samplesFolder = path.join(context.extensionPath, 'samples', 'models');

  context.subscriptions.push(
    output, engine, createBackendStatusItem(engine),
    vscode.window.registerTreeDataProvider('robustnessLens.explorer', tree),
    vscode.window.registerWebviewPanelSerializer(OVERVIEW_VIEW_TYPE, overviews.serializer((state) => overviewTargetOfState(state, statePaths))),
    vscode.window.registerWebviewPanelSerializer(LOCALISATION_VIEW_TYPE, localisation.serializer((state) => localisationTargetOfState(state, statePaths))),
    vscode.window.registerWebviewPanelSerializer(SWEEP_VIEW_TYPE, sweep.serializer((state) => sweepTargetOfState(state, statePaths))),
    vscode.window.registerWebviewPanelSerializer(MIX_VIEW_TYPE, mix.serializer((state) => mixTargetOfState(state, statePaths))),
    vscode.commands.registerCommand('robustnessLens.openSweep', async (argument?: unknown) => {
      const classCounts = (modelPaths: string[]) => Promise.all(modelPaths.map(async (p) => (await engine.loadModel({ path: p })).inspection.numClasses));
      const target = await pickSweepTarget(argument, context.extensionPath, tree.openedModels(), classCounts);
      if (!target) return undefined;
      for (const modelPath of target.modelPaths) await tree.rememberModel(modelPath);
      return sweep.show({ ...target, run: null });
    }),
    vscode.commands.registerCommand('robustnessLens.openMixPreview', async (argument?: unknown) => {
      const target = await pickMixTarget(argument, context.extensionPath, tree.openedModels());
      if (!target) return undefined;
      for (const modelPath of target.modelPaths) await tree.rememberModel(modelPath);
      return mix.show({ ...target, choices: DEFAULT_MIX_CHOICES, run: null, notice: null });
    }),
    vscode.commands.registerCommand('robustnessLens.openLocalisation', async (argument?: unknown) => {
      const target = await pickLocalisationTarget(argument, context.extensionPath, tree.openedModels());
      if (!target) return undefined;
      for (const modelPath of target.modelPaths) await tree.rememberModel(modelPath);
      return localisation.show({ ...target, choices: DEFAULT_LOCALISATION_CHOICES, runs: null, notice: null });
    }),
    vscode.commands.registerCommand('robustnessLens.openModel', async (uri?: vscode.Uri) => {
      const modelPath = uri?.fsPath ?? await pickModel(samplesFolder);
      return modelPath ? openOverview(modelPath) : undefined;
    }),
    vscode.commands.registerCommand('robustnessLens.openSampleModel', async () => {
      const choice = await vscode.window.showQuickPick([
        { label: 'baseline', description: 'trained plainly' },
        { label: 'cutmix', description: 'trained with CutMix' },
      ], { title: 'Open a sample model' });
      return choice ? openOverview(path.join(samplesFolder, choice.label, 'model.json')) : undefined;
    }),
    vscode.commands.registerCommand('robustnessLens.openRun', async (file: string) => {
      try {
        const record = await trustedRunRecord(file, statePaths.file);
        if (!record) return undefined;
        if (record.spec.analysis === 'predict') return openOverview(record.spec.models[0].path, { record: record as RunRecord<PredictResults>, file });
        if (record.spec.analysis === 'cam' && record.spec.data !== null) return localisation.show(targetOfCamRun({ record: record as RunRecord<CamResults>, file }, record.spec.data));
        if (record.spec.analysis === 'sweep') return sweep.show(targetOfSweepRun({ record: record as RunRecord<SweepResults>, file }));
        await vscode.window.showTextDocument(vscode.Uri.file(file));
      } catch (err) {
        void vscode.window.showErrorMessage(`Robustness Lens: ${err instanceof Error ? err.message : String(err)}`);
      }
      return undefined;
    }),
    vscode.commands.registerCommand('robustnessLens.forgetModel', (node?: { path: string }) => node && tree.forgetModel(node.path)),
    vscode.commands.registerCommand('robustnessLens.refreshViews', () => tree.refresh()),
    vscode.commands.registerCommand('robustnessLens.restartEngine', () => engine.restart('asked from the command palette')),
    vscode.commands.registerCommand(INSTALL_GPU_BACKEND, () => installGpuBackend(context, engine, output)),
    vscode.commands.registerCommand(SHOW_ENGINE_DETAILS, async () => {
      const info = await engine.backend();
      const details = engineDetailsText(info, engine.pid, engine.restartCount);
      output.appendLine(details);
      const offerGpuBackend = info.name !== 'tensorflow' && process.platform !== 'darwin';
      const choice = await vscode.window.showInformationMessage(info.label, { modal: false, detail: details }, 'Show Log', 'Restart Engine', ...(offerGpuBackend ? ['Install GPU Backend'] : []));
      if (choice === 'Show Log') output.show();
      if (choice === 'Restart Engine') await engine.restart('asked from the status bar');
      if (choice === 'Install GPU Backend') await installGpuBackend(context, engine, output);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('robustnessLens.backend') || e.affectsConfiguration('robustnessLens.batchSize')) {
        void engine.restart('settings changed');
      }
      if (e.affectsConfiguration('robustnessLens.runsFolder')) tree.refresh();
    }),
  );
  return {
    activationMs: performance.now() - activationStarted,
    viewReadyMs: tree.firstRunsListed.then(() => performance.now() - activationStarted),
    engine, overviewFor: (modelPath) => overviews.get(overviewKey(modelPath)),
    // The kinds that keep one panel key it by their view type.
    localisation: () => localisation.get(LOCALISATION_VIEW_TYPE), sweep: () => sweep.get(SWEEP_VIEW_TYPE), mix: () => mix.get(MIX_VIEW_TYPE),
  };
}

/** The record at `file` once it is valid and every path it names is allowed or the user agrees to open those outside; else undefined (a modal says why). */
async function trustedRunRecord(file: string, allowed: (candidate: string) => string | null): Promise<RunRecord | undefined> {
  // A damaged record is refused by readRunRecord, naming the file and its first bad field.
  const record = await readRunRecord(file);
  const outside = recordPaths(record).filter((p) => allowed(p) === null);
  if (outside.length === 0) return record;
  const choice = await vscode.window.showWarningMessage(
    `The run ${record.id} names files outside the workspace. Open them?`,
    { modal: true, detail: `A run record can come from anyone who shared this folder. It names:\n${outside.join('\n')}` }, 'Open Anyway');
  return choice === 'Open Anyway' ? record : undefined;
}

/** What the engine needs to load a tfjs-node-gpu that "Install GPU Backend" put in global storage; empty without one. */
function gpuBackendEngineEnv(context: vscode.ExtensionContext, output: vscode.OutputChannel): Record<string, string> {
  const version = tfjsDependencyVersion(context.extension.packageJSON);
  if (!version) return {};
  const { env, note } = engineEnvironment(gpuBackendFolder(context.globalStorageUri.fsPath), version, path.join(context.extensionPath, 'node_modules'));
  if (note) output.appendLine(note);
  return env;
}

async function pickModel(samplesFolder: string): Promise<string | undefined> {
  const found = await vscode.workspace.findFiles(MODEL_GLOB, '**/node_modules/**', 200);
  const items: (vscode.QuickPickItem & { modelPath?: string; browse?: boolean })[] = [
    ...found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), modelPath: uri.fsPath })),
    { label: 'Sample: baseline', description: 'bundled, trained plainly', modelPath: path.join(samplesFolder, 'baseline', 'model.json') },
    { label: 'Sample: cutmix', description: 'bundled, trained with CutMix', modelPath: path.join(samplesFolder, 'cutmix', 'model.json') },
    { label: '$(folder-opened) Browse…', browse: true },
  ];
  const choice = await vscode.window.showQuickPick(items, { title: 'Open a model: ONNX (.onnx), TF.js model.json, Keras .h5 / .keras, or a SavedModel' });
  if (!choice?.browse) return choice?.modelPath;
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, canSelectFolders: true, filters: { Models: ['onnx', 'json', 'h5', 'keras', 'pb'] } });
  const chosen = picked?.[0]?.fsPath;
  return chosen && path.basename(chosen) === 'saved_model.pb' ? path.dirname(chosen) : chosen;
}
