// The model overview panel: inspection, preprocessing profile, labels and top-5 predictions.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { OverviewHostMessage, OverviewPanelState } from '../../protocol/panels';
import type { RunRecord } from '../../protocol/records';
import { Requests, type LoadedModel, type PredictResults } from '../../protocol/rpc';
import type { EngineClient } from '../engineClient';
import { readSettings, runsFolderPath } from '../settings';
import { parseOverviewMessage } from './overviewMessages';
import { runPanelAction } from './panelAction';
import { attachPanel, createPanel, restorePanelOptions } from './webviewHtml';

export const OVERVIEW_VIEW_TYPE = 'robustnessLens.overview';

export class OverviewPanel implements vscode.Disposable {
  private static readonly open = new Map<string, OverviewPanel>();
  private model: LoadedModel | null = null;
  private lastRecord: RunRecord<PredictResults> | null = null;
  private work: vscode.CancellationTokenSource | null = null;
  private readonly disposables: vscode.Disposable[] = [];

  /** Shows the panel for a model, creating it when needed; optionally with a saved prediction run. */
  static show(context: vscode.ExtensionContext, engine: EngineClient, modelPath: string, record?: RunRecord<PredictResults>): OverviewPanel {
    const key = path.resolve(modelPath);
    const existing = OverviewPanel.open.get(key);
    if (existing) {
      existing.panel.reveal();
      if (record) existing.showRecord(record);
      return existing;
    }
    const panel = createPanel(context, OVERVIEW_VIEW_TYPE, `Overview: ${displayName(key)}`);
    return new OverviewPanel(context, engine, panel, key, record);
  }

  /** Re-creates a panel VS Code restored after a reload, from the state the webview saved. */
  static revive(context: vscode.ExtensionContext, engine: EngineClient, panel: vscode.WebviewPanel, state: OverviewPanelState): OverviewPanel {
    restorePanelOptions(context, panel);
    return new OverviewPanel(context, engine, panel, path.resolve(state.modelPath));
  }

  static forModel(modelPath: string): OverviewPanel | undefined {
    return OverviewPanel.open.get(path.resolve(modelPath));
  }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly engine: EngineClient,
    readonly panel: vscode.WebviewPanel,
    readonly modelPath: string,
    initialRecord?: RunRecord<PredictResults>,
  ) {
    OverviewPanel.open.set(modelPath, this);
    this.lastRecord = initialRecord ?? null;
    this.disposables.push(...attachPanel(context, panel, 'overview', (raw) => void this.onMessage(raw), () => this.dispose()));
  }

  /** The latest prediction record shown (for tests and the runs view). */
  get shownRecord(): RunRecord<PredictResults> | null { return this.lastRecord; }

  get loadedModel(): LoadedModel | null { return this.model; }

  dispose(): void {
    OverviewPanel.open.delete(this.modelPath);
    this.work?.cancel();
    for (const d of this.disposables) d.dispose();
  }

  private post(message: OverviewHostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private showRecord(record: RunRecord<PredictResults>): void {
    this.lastRecord = record;
    this.post({ type: 'predictions', record });
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseOverviewMessage(raw);
    if ('error' in message) {
      this.post({ type: 'error', message: message.error });
      return;
    }
    switch (message.type) {
      case 'ready': return this.loadAndShow();
      case 'predictSample': return this.predict(path.join(this.context.extensionPath, 'samples', 'data'));
      case 'pickImages': return this.pickAndPredict();
      case 'cancel': this.work?.cancel(); return;
      case 'saveProfile': return this.guard(async () => {
        this.model = await this.engine.request(Requests.saveProfile, { modelId: this.modelPath, profile: message.profile });
        this.post({ type: 'model', model: this.model, backend: await this.engine.backend() });
        void vscode.window.showInformationMessage(`Saved the preprocessing profile beside ${displayName(this.modelPath)}.`);
      });
    }
  }

  private async loadAndShow(): Promise<void> {
    await this.guard(async () => {
      this.model = await this.engine.loadModel({ path: this.modelPath });
      this.post({ type: 'model', model: this.model, backend: await this.engine.backend() });
      if (this.lastRecord) this.post({ type: 'predictions', record: this.lastRecord });
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
    this.work?.cancel();
    const work = new vscode.CancellationTokenSource();
    this.work = work;
    this.post({ type: 'busy', busy: true });
    await this.guard(() => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Predicting with ${displayName(this.modelPath)}`, cancellable: true }, async (progress, token) => {
      token.onCancellationRequested(() => work.cancel());
      let reported = 0;
      const settings = readSettings();
      const record = await this.engine.request(Requests.predict, {
        modelId: this.modelPath, data, topK: 5, limit: settings.overviewMaxImages, includeProbabilities: false, includeThumbnails: true,
        progressToken: this.engine.newProgressToken(), runsFolder: runsFolderPath(this.context, settings),
      }, work.token, (p) => {
        this.post({ type: 'progress', done: p.done, total: p.total, message: p.message });
        progress.report({ message: p.message, increment: p.total ? ((p.done - reported) / p.total) * 100 : undefined });
        reported = p.done;
      });
      this.showRecord(record);
      void vscode.commands.executeCommand('robustnessLens.refreshViews');
    }));
    if (this.work === work) this.work = null;
    this.post({ type: 'busy', busy: false });
  }

  private guard(action: () => Thenable<void> | Promise<void>): Promise<void> {
    return runPanelAction(action, (message) => this.post({ type: 'error', message }));
  }
}

export function displayName(modelPath: string): string {
  const base = path.basename(modelPath);
  return base === 'model.json' ? path.basename(path.dirname(modelPath)) : base;
}
