// The model overview panel: inspection, preprocessing profile, labels and top-5 predictions.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type OverviewHostMessage, type OverviewWebviewMessage, overviewWebviewMessageSchema } from '../../protocol/messages/overview';
import type { RunRecord } from '../../protocol/records';
import { type LoadedModel } from '../../protocol/engine';
import { type PredictResults } from '../../protocol/predict';
import { Requests } from '../../protocol/rpc';
import type { EngineClient } from '../engineClient';
import { readSettings, runsFolderPath } from '../settings';
import { LensPanel } from './lensPanel';
import type { OverviewTarget } from './overviewTarget';
import type { PanelKind } from './panelRegistry';
import { savedRun, type SavedRun } from './savedRun';
import { recordForWebview } from './webviewImages';
import { attachmentRoot } from '../attachmentFiles';
import { messageParser } from './panelMessages';

export const OVERVIEW_VIEW_TYPE = 'robustnessLens.overview';

/** One overview panel per model. */
export function overviewPanelKind(context: vscode.ExtensionContext, engine: EngineClient): PanelKind<OverviewTarget, OverviewPanel> {
  return {
    viewType: OVERVIEW_VIEW_TYPE, title: (target) => `Overview: ${displayName(target.modelPath)}`, key: (target) => overviewKey(target.modelPath),
    create: (panel, target) => new OverviewPanel(context, engine, panel, target),
  };
}

/** The key of a model's overview panel. */
export function overviewKey(modelPath: string): string {
  return path.resolve(modelPath);
}

export class OverviewPanel extends LensPanel<OverviewTarget, OverviewWebviewMessage, OverviewHostMessage> {
  private model: LoadedModel | null = null;

  constructor(context: vscode.ExtensionContext, engine: EngineClient, panel: vscode.WebviewPanel, target: OverviewTarget) {
    super(context, engine, panel, { ...target, modelPath: overviewKey(target.modelPath) }, { script: 'overview', parse: messageParser(overviewWebviewMessageSchema) });
  }

  get modelPath(): string { return this.target.modelPath; }

  /** The latest prediction record shown (for tests and the runs view). */
  get shownRecord(): RunRecord<PredictResults> | null { return this.target.run?.record ?? null; }

  get loadedModel(): LoadedModel | null { return this.model; }

  /** Shows the saved predictions `target` brings, if any (its model is this panel's). */
  retarget(target: OverviewTarget): void {
    if (target.run) this.showRun(target.run);
  }

  protected async handle(message: OverviewWebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready': return this.loadAndShow();
      case 'predictSample': return this.predict(path.join(this.context.extensionPath, 'samples', 'data'));
      case 'pickImages': return this.pickAndPredict();
      case 'cancel': return this.cancelWork();
      case 'saveProfile': return this.guard(async () => {
        this.model = await this.engine.request(Requests.saveProfile, { modelId: this.modelPath, profile: message.profile });
        this.post({ type: 'model', model: this.model, backend: await this.engine.backend() });
        void vscode.window.showInformationMessage(`Saved the preprocessing profile beside ${displayName(this.modelPath)}.`);
      });
    }
  }

  /** Shows the run, its thumbnails as URIs of their files; the webview may load files from the runs folder and the run's folder only. */
  private showRun(run: SavedRun<PredictResults>): void {
    this.target.run = run;
    // A run saved outside the runs folder changes the page's roots: VS Code loads it anew, it says 'ready', and loadAndShow posts again.
    this.allowFolders([attachmentRoot(run.file)]);
    this.post({ type: 'predictions', record: recordForWebview(this.panel.webview, run), recordFile: run.file });
  }

  private async loadAndShow(): Promise<void> {
    await this.guard(async () => {
      this.model = await this.engine.loadModel({ path: this.modelPath });
      this.post({ type: 'model', model: this.model, backend: await this.engine.backend() });
      if (this.target.run) this.showRun(this.target.run);
      // Said again whenever the webview is drawn anew (it is not kept while hidden), until the user predicts again.
      if (this.target.notice !== null) this.post({ type: 'notice', message: this.target.notice });
      void vscode.commands.executeCommand('robustnessLens.refreshViews');
    });
  }

  private async pickAndPredict(): Promise<void> {
    const picked = await vscode.window.showOpenDialog({
      canSelectFiles: true, canSelectFolders: true, canSelectMany: false, openLabel: 'Predict',
      title: 'Images to predict: an image, a folder, an ImageFolder tree or a wsolevaluation dataset',
      filters: { Images: ['png', 'jpg', 'jpeg', 'webp'] },
    });
    if (picked?.[0]) await this.predict(picked[0].fsPath);
  }

  private async predict(data: string): Promise<void> {
    this.target.notice = null;
    const settings = readSettings();
    const runsFolder = runsFolderPath(this.context, settings);
    await this.runWork(async (work) => {
      const record = await this.engine.request(Requests.predict, {
        modelId: this.modelPath, data, topK: 5, limit: settings.overviewMaxImages, includeProbabilities: false, includeThumbnails: true,
        progressToken: this.engine.newProgressToken(), runsFolder,
      }, work.token, work.report);
      this.showRun(savedRun(record, runsFolder));
      void vscode.commands.executeCommand('robustnessLens.refreshViews');
    }, `Predicting with ${displayName(this.modelPath)}`);
  }
}

export function displayName(modelPath: string): string {
  const base = path.basename(modelPath);
  return base === 'model.json' ? path.basename(path.dirname(modelPath)) : base;
}
