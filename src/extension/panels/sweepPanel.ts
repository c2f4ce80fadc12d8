// The robustness sweep panel: the plan first (images, conditions, forward passes, estimated time) with a Start button,
// then progress with Cancel, then the CutMix paper's table and its charts, gallery and exports for the chosen checkpoints.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type SweepExportFormat, type SweepHostMessage, type SweepPanelModel, type SweepWebviewMessage, sweepWebviewMessageSchema } from '../../protocol/messages/sweep';
import type { RunRecord } from '../../protocol/records';
import { Requests } from '../../protocol/rpc';
import { ALEXNET_BASELINE, type SweepOodScoreChoice, type SweepParams, type SweepResults } from '../../protocol/sweep';
import type { EngineClient } from '../engineClient';
import { readSettings, runsFolderPath } from '../settings';
import { LensPanel } from './lensPanel';
import { displayName } from './overviewPanel';
import type { PanelKind } from './panelRegistry';
import { savedRun, type SavedRun } from './savedRun';
import { recordForWebview, recordInline } from './webviewImages';
import { attachmentRoot } from '../attachmentFiles';
import { exportSweepReport } from './sweepExport';
import type { SweepTarget } from './sweepTarget';
import { messageParser } from './panelMessages';

export const SWEEP_VIEW_TYPE = 'robustnessLens.sweep';

/** One sweep panel at a time: showing another target switches it. */
export function sweepPanelKind(context: vscode.ExtensionContext, engine: EngineClient): PanelKind<SweepTarget, SweepPanel> {
  return {
    viewType: SWEEP_VIEW_TYPE, title: (target) => panelTitle(target.modelPaths), key: () => SWEEP_VIEW_TYPE,
    create: (panel, target) => new SweepPanel(context, engine, panel, target),
  };
}

export class SweepPanel extends LensPanel<SweepTarget, SweepWebviewMessage, SweepHostMessage> {
  private models: SweepPanelModel[] | null = null;

  constructor(context: vscode.ExtensionContext, engine: EngineClient, panel: vscode.WebviewPanel, target: SweepTarget) {
    super(context, engine, panel, resolved(target), { script: 'sweep', parse: messageParser(sweepWebviewMessageSchema) });
  }

  /** The run shown now (for tests and the runs view). */
  get shownRecord(): RunRecord<SweepResults> | null { return this.target.run?.record ?? null; }

  retarget(target: SweepTarget): void {
    this.cancelWork();
    this.target = resolved(target);
    this.models = null;
    this.panel.title = panelTitle(this.target.modelPaths);
    void this.loadAndShow();
  }

  protected handle(message: SweepWebviewMessage): Promise<void> | void {
    switch (message.type) {
      case 'ready': return this.loadAndShow();
      case 'start': return this.start();
      case 'cancel': return this.cancelWork();
      case 'export': return this.export(message.format, message.oodScore);
      case 'calibrationSplit': return this.chooseCalibrationSplit(message.action);
    }
  }

  /** Tells the webview what it shows, then shows the saved run, or loads the models and shows the plan. */
  private async loadAndShow(): Promise<void> {
    const target = this.target;
    await this.guard(async () => {
      const backend = await this.engine.backend();
      if (target.run) {
        this.post({ type: 'setup', models: target.modelPaths.map((p) => ({ path: p, name: displayName(p) })), data: target.data, backend });
        this.postResults(target.run);
        return;
      }
      const models = await this.loadModels();
      if (this.target !== target) return;
      this.post({ type: 'setup', models, data: target.data, backend });
      if (this.busy) {
        this.post({ type: 'busy', busy: true });
        return;
      }
      await this.postPlan(target);
    });
  }

  private async postPlan(target: SweepTarget): Promise<void> {
    const plan = await this.engine.request(Requests.planSweep, this.params(runsFolderPath(this.context)));
    if (this.target === target) this.post({ type: 'plan', plan });
  }

  /**
   * The plan's calibration split: a folder the user picks in a dialog (no path comes from the webview), or none; then the plan
   * again. A split the engine refuses (it shares an image with the evaluated ones, its classes do not fit) is dropped again
   * after the error shows, so the plan stays usable.
   */
  private async chooseCalibrationSplit(action: 'browse' | 'clear'): Promise<void> {
    if (this.busy || this.target.run) return;
    let chosen: string | null = null;
    if (action === 'browse') {
      const picked = await vscode.window.showOpenDialog({
        canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Fit temperature scaling here',
        title: 'Calibration split: labelled images (ImageFolder, wsolevaluation or CIFAR binary), none of them among the evaluated images',
      });
      if (!picked?.[0]) return;
      chosen = picked[0].fsPath;
    }
    const previous = this.target;
    const target: SweepTarget = { ...previous, analyses: { ...previous.analyses, calibrationSplit: chosen } };
    this.target = target;
    let planned = false;
    await this.guard(async () => {
      await this.postPlan(target);
      planned = true;
    });
    if (!planned && this.target === target) {
      this.target = previous;
      await this.guard(() => this.postPlan(previous));
    }
  }

  /** Opens the checkpoints (and a checkpoint baseline) in the engine, once per target. */
  private async loadModels(): Promise<SweepPanelModel[]> {
    const { modelPaths, baseline } = this.target;
    this.models ??= await Promise.all(modelPaths.map(async (modelPath) => ({ path: (await this.engine.loadModel({ path: modelPath })).modelId, name: displayName(modelPath) })));
    if (baseline !== null && baseline !== ALEXNET_BASELINE) await this.engine.loadModel({ path: baseline });
    return this.models;
  }

  private params(runsFolder: string): SweepParams {
    const { modelPaths, data, clean, dataset, baseline, analyses } = this.target;
    return {
      modelIds: modelPaths, data, clean: clean ?? undefined, dataset: dataset ?? undefined, baseline: baseline ?? undefined,
      corruptions: analyses.corruptions, severities: analyses.severities, fgsmEpsilons: analyses.fgsmEpsilons, occlusion: analyses.occlusion,
      oodFolder: analyses.oodFolder ?? undefined, calibrationSplit: analyses.calibrationSplit ?? undefined, limit: analyses.limit ?? undefined,
      progressToken: this.engine.newProgressToken(), runsFolder,
      workers: readSettings().sweepWorkers || undefined,
    };
  }

  /** Runs the planned sweep (the webview's Start button) with a progress notification; a cancelled sweep still shows (and saves) what finished, marked partial. */
  async start(): Promise<void> {
    if (this.busy || this.target.run) return;
    const target = this.target;
    await this.runWork(async (work) => {
      await this.loadModels();
      const runsFolder = runsFolderPath(this.context);
      const record = await this.engine.request(Requests.sweep, this.params(runsFolder), work.token, work.report);
      if (this.target !== target) return;
      target.run = savedRun(record, runsFolder);
      this.postResults(target.run);
      void vscode.commands.executeCommand('robustnessLens.refreshViews');
    }, `Robustness sweep of ${target.modelPaths.map(displayName).join(', ')}`);
  }

  /** Posts the run, its gallery as URIs of its files; the webview may load files from the runs folder and the run's folder only. */
  private postResults(run: SavedRun<SweepResults>): void {
    // A run saved outside the runs folder changes the page's roots: VS Code loads it anew, it says 'ready', and loadAndShow posts again.
    this.allowFolders([attachmentRoot(run.file)]);
    this.post({ type: 'results', record: recordForWebview(this.panel.webview, run), recordFile: run.file });
  }

  /** Exports the shown run (its gallery embedded); the Markdown and HTML reports' OOD table shows `oodScore`, the score the panel shows. */
  private async export(format: SweepExportFormat, oodScore: SweepOodScoreChoice): Promise<void> {
    const run = this.target.run;
    if (!run) return;
    await this.guard(async () => {
      const record = await recordInline(run);
      const file = await exportSweepReport(record.results, format, oodScore, record.id);
      if (file) void vscode.window.showInformationMessage(`Robustness Lens: saved the sweep report to ${vscode.workspace.asRelativePath(file)}.`);
    });
  }
}

function resolved(target: SweepTarget): SweepTarget {
  const baseline = target.baseline === null || target.baseline === ALEXNET_BASELINE ? target.baseline : path.resolve(target.baseline);
  return { ...target, modelPaths: target.modelPaths.map((p) => path.resolve(p)), data: path.resolve(target.data), clean: target.clean === null ? null : path.resolve(target.clean), baseline };
}

function panelTitle(modelPaths: readonly string[]): string {
  return `Robustness Sweep: ${modelPaths.map(displayName).join(' vs ')}`;
}
