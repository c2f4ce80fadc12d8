// Activation: registers commands, the activity-bar view, the status bar and the panel serializer.
// Nothing here imports tfjs; the engine process starts on the first request.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_MIX_CHOICES, type OverviewPanelState } from '../protocol/panels';
import type { RunRecord } from '../protocol/records';
import type { CamResults, PredictResults } from '../protocol/rpc';
import type { SweepResults } from '../protocol/sweep';
import { readRunRecord } from '../engine/runs/store';
import { EngineClient } from './engineClient';
import { engineEnvironment, gpuBackendFolder, tfjsDependencyVersion } from './gpuBackend/gpuBackendFolder';
import { INSTALL_GPU_BACKEND, installGpuBackend } from './gpuBackend/installGpuBackend';
import { pickLocalisationTarget } from './localisationPicker';
import { parseLocalisationState } from './panels/localisationMessages';
import { DEFAULT_LOCALISATION_CHOICES, LOCALISATION_VIEW_TYPE, LocalisationPanel, choicesOfRecord } from './panels/localisationPanel';
import { OVERVIEW_VIEW_TYPE, OverviewPanel } from './panels/overviewPanel';
import { parseMixState } from './panels/mixMessages';
import { MIX_VIEW_TYPE, MixPanel } from './panels/mixPanel';
import { pickMixTarget } from './mixPicker';
import { parseSweepState } from './panels/sweepMessages';
import { SWEEP_VIEW_TYPE, SweepPanel, targetOfRecord } from './panels/sweepPanel';
import { runsFolderPath } from './settings';
import { SHOW_ENGINE_DETAILS, createBackendStatusItem, engineDetailsText } from './statusBar';
import { pickSweepTarget } from './sweepPicker';
import { LensTreeProvider } from './views/lensTree';
import { allowedPath } from './workspacePaths';

const MODEL_GLOB = '**/{model.json,*.h5,*.keras,saved_model.pb}';

/** What activate() returns: used by the integration tests to reach the engine. */
export interface RobustnessLensApi { engine: EngineClient; overviewFor(modelPath: string): OverviewPanel | undefined; localisation(): LocalisationPanel | undefined; sweep(): SweepPanel | undefined; mix(): MixPanel | undefined }

export function activate(context: vscode.ExtensionContext): RobustnessLensApi {
  const output = vscode.window.createOutputChannel('Robustness Lens');
  const engine = new EngineClient(context.extensionPath, output, () => gpuBackendEngineEnv(context, output));
  const tree = new LensTreeProvider(context.workspaceState, () => runsFolderPath(context));
  const openOverview = async (modelPath: string, record?: RunRecord<PredictResults>) => {
    await tree.rememberModel(modelPath);
    return OverviewPanel.show(context, engine, modelPath, record);
  };
  const samplesFolder = path.join(context.extensionPath, 'samples', 'models');

  context.subscriptions.push(
    output, engine, createBackendStatusItem(engine),
    vscode.window.registerTreeDataProvider('robustnessLens.explorer', tree),
    vscode.window.registerWebviewPanelSerializer(OVERVIEW_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: OverviewPanelState | undefined) {
        const modelPath = typeof state?.modelPath === 'string' ? allowedPath(state.modelPath, context.extensionPath, tree.openedModels()) : null;
        if (modelPath) OverviewPanel.revive(context, engine, panel, { modelPath });
        else panel.dispose();
      },
    }),
    vscode.window.registerWebviewPanelSerializer(LOCALISATION_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, rawState: unknown) {
        const state = parseLocalisationState(rawState);
        const allowed = (candidate: string) => allowedPath(candidate, context.extensionPath, tree.openedModels());
        const modelPaths = state?.modelPaths.map(allowed) ?? [];
        const data = state ? allowed(state.data) : null;
        if (state && data && modelPaths.every((p): p is string => p !== null)) LocalisationPanel.revive(context, engine, panel, { ...state, modelPaths, data });
        else panel.dispose();
      },
    }),
    vscode.window.registerWebviewPanelSerializer(SWEEP_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, rawState: unknown) {
        const state = parseSweepState(rawState);
        const recordFile = state ? allowedPath(state.recordFile, context.extensionPath, tree.openedModels()) : null;
        const record = recordFile ? await readRunRecord(recordFile).catch(() => null) : null;
        if (recordFile && record?.spec.analysis === 'sweep') SweepPanel.revive(context, engine, panel, targetOfRecord(record as RunRecord<SweepResults>, recordFile));
        else panel.dispose();
      },
    }),
    vscode.commands.registerCommand('robustnessLens.openSweep', async (argument?: unknown) => {
      const classCounts = (modelPaths: string[]) => Promise.all(modelPaths.map(async (p) => (await engine.loadModel({ path: p })).inspection.numClasses));
      const target = await pickSweepTarget(argument, context.extensionPath, tree.openedModels(), classCounts);
      if (!target) return undefined;
      for (const modelPath of target.modelPaths) await tree.rememberModel(modelPath);
      return SweepPanel.show(context, engine, { ...target, record: null, recordFile: null });
    }),
    vscode.window.registerWebviewPanelSerializer(MIX_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, rawState: unknown) {
        const state = parseMixState(rawState);
        const allowed = (candidate: string) => allowedPath(candidate, context.extensionPath, tree.openedModels());
        const modelPaths = state?.modelPaths.map(allowed) ?? [];
        const data = state ? allowed(state.data) : null;
        if (state && data && modelPaths.every((p): p is string => p !== null)) MixPanel.revive(context, engine, panel, { ...state, modelPaths, data });
        else panel.dispose();
      },
    }),
    vscode.commands.registerCommand('robustnessLens.openMixPreview', async (argument?: unknown) => {
      const target = await pickMixTarget(argument, context.extensionPath, tree.openedModels());
      if (!target) return undefined;
      for (const modelPath of target.modelPaths) await tree.rememberModel(modelPath);
      return MixPanel.show(context, engine, { ...target, choices: DEFAULT_MIX_CHOICES });
    }),
    vscode.commands.registerCommand('robustnessLens.openLocalisation', async (argument?: unknown) => {
      const target = await pickLocalisationTarget(argument, context.extensionPath, tree.openedModels());
      if (!target) return undefined;
      for (const modelPath of target.modelPaths) await tree.rememberModel(modelPath);
      return LocalisationPanel.show(context, engine, { ...target, choices: DEFAULT_LOCALISATION_CHOICES, records: null });
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
        const record = await readRunRecord(file);
        if (record.spec.analysis === 'predict') return openOverview(record.spec.models[0].path, record as RunRecord<PredictResults>);
        if (record.spec.analysis === 'cam' && record.spec.data !== null) {
          const camRecord = record as RunRecord<CamResults>;
          return LocalisationPanel.show(context, engine, { modelPaths: [camRecord.spec.models[0].path], data: record.spec.data, choices: choicesOfRecord(camRecord), records: [camRecord] });
        }
        if (record.spec.analysis === 'sweep') return SweepPanel.show(context, engine, targetOfRecord(record as RunRecord<SweepResults>, file));
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
  return { engine, overviewFor: (modelPath) => OverviewPanel.forModel(modelPath), localisation: () => LocalisationPanel.current, sweep: () => SweepPanel.current, mix: () => MixPanel.current };
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
  const choice = await vscode.window.showQuickPick(items, { title: 'Open a model: TF.js model.json, Keras .h5 / .keras, or a SavedModel' });
  if (!choice?.browse) return choice?.modelPath;
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, canSelectFolders: true, filters: { Models: ['json', 'h5', 'keras', 'pb'] } });
  const chosen = picked?.[0]?.fsPath;
  return chosen && path.basename(chosen) === 'saved_model.pb' ? path.dirname(chosen) : chosen;
}
