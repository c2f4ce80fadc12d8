// The mix-preview panel: Mixup, Cutout, CutMix or Puzzle Mix on pairs of dataset images, with every checkpoint's prediction on
// each mixed image side by side, their in-between statistics, a PNG export of the grid and training-script snippets.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { openDataSource } from '../../engine/data/source';
import { trainingSnippets, type TrainingSnippets } from '../../engine/mix/trainingSnippets';
import type { MixResults } from '../../protocol/mix';
import type { LocalisedModel, MixChoices, MixHostMessage, MixPanelState } from '../../protocol/panels';
import type { RunRecord } from '../../protocol/records';
import { Requests } from '../../protocol/rpc';
import type { EngineClient } from '../engineClient';
import { runsFolderPath } from '../settings';
import { parseMixMessage } from './mixMessages';
import { renderMixGridPng } from './mixGridImage';
import { displayName } from './overviewPanel';
import { runPanelAction } from './panelAction';
import { attachPanel, createPanel, restorePanelOptions } from './webviewHtml';

export const MIX_VIEW_TYPE = 'robustnessLens.mixPreview';

export interface MixTarget { modelPaths: string[]; data: string; choices: MixChoices }

interface Shown { record: RunRecord<MixResults>; snippets: TrainingSnippets }

export class MixPanel implements vscode.Disposable {
  private static instance: MixPanel | undefined;
  private target: MixTarget;
  private models: LocalisedModel[] | null = null;
  private shown: Shown | null = null;
  private work: vscode.CancellationTokenSource | null = null;
  private readonly disposables: vscode.Disposable[] = [];

  /** Shows the panel on `target`, re-using the open panel (which then switches to the new models and dataset). */
  static show(context: vscode.ExtensionContext, engine: EngineClient, target: MixTarget): MixPanel {
    const existing = MixPanel.instance;
    if (existing) {
      existing.panel.reveal();
      existing.retarget(target);
      return existing;
    }
    const panel = createPanel(context, MIX_VIEW_TYPE, panelTitle(target.modelPaths));
    return new MixPanel(context, engine, panel, target);
  }

  /** Re-creates a panel VS Code restored after a reload, from the state the webview saved (paths already checked). */
  static revive(context: vscode.ExtensionContext, engine: EngineClient, panel: vscode.WebviewPanel, state: MixPanelState): MixPanel {
    restorePanelOptions(context, panel);
    return new MixPanel(context, engine, panel, state);
  }

  static get current(): MixPanel | undefined { return MixPanel.instance; }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly engine: EngineClient,
    readonly panel: vscode.WebviewPanel,
    target: MixTarget,
  ) {
    MixPanel.instance = this;
    this.target = resolved(target);
    this.disposables.push(...attachPanel(context, panel, 'mix', (raw) => void this.onMessage(raw), () => this.dispose()));
  }

  /** The run shown now (for tests). */
  get shownRecord(): RunRecord<MixResults> | null { return this.shown?.record ?? null; }

  get busy(): boolean { return this.work !== null; }

  dispose(): void {
    if (MixPanel.instance === this) MixPanel.instance = undefined;
    this.work?.cancel();
    for (const d of this.disposables) d.dispose();
  }

  /** Writes the shown grid as a PNG to `file` (the export command's work once the path is chosen). */
  async writeGridPng(file: string): Promise<void> {
    if (!this.shown) throw new Error('There is no mix preview to export yet.');
    const names = this.shown.record.spec.models.map((m) => displayName(m.path));
    await vscode.workspace.fs.writeFile(vscode.Uri.file(file), await renderMixGridPng(this.shown.record.results, names));
  }

  private post(message: MixHostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private retarget(target: MixTarget): void {
    this.work?.cancel();
    this.target = resolved(target);
    this.models = null;
    this.shown = null;
    this.panel.title = panelTitle(this.target.modelPaths);
    void this.loadAndShow();
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseMixMessage(raw);
    if ('error' in message) {
      this.post({ type: 'error', message: message.error });
      return;
    }
    switch (message.type) {
      case 'ready': return this.loadAndShow();
      case 'run': return this.mix(message.choices);
      case 'cancel': this.work?.cancel(); return;
      case 'exportPng': return this.guard(() => this.exportPng());
      case 'copySnippet':
        if (this.shown) {
          await vscode.env.clipboard.writeText(this.shown.snippets[message.framework]);
          void vscode.window.showInformationMessage(`Copied the ${message.framework === 'pytorch' ? 'PyTorch' : 'tf.data'} snippet.`);
        }
        return;
    }
  }

  /** Loads the models and lists the dataset's labelled images, tells the webview, then shows the run it has or computes one. */
  private async loadAndShow(): Promise<void> {
    const target = this.target;
    await this.guard(async () => {
      this.models ??= await Promise.all(target.modelPaths.map(async (modelPath) => {
        const loaded = await this.engine.loadModel({ path: modelPath });
        return { path: loaded.modelId, classNames: loaded.labels.names };
      }));
      const source = await openDataSource(target.data);
      const images = source.items.flatMap((item) => (item.label === null ? [] : [{ id: item.id, label: item.label }]));
      if (this.target !== target) return;
      this.post({ type: 'setup', models: this.models, data: target.data, images, choices: target.choices, backend: await this.engine.backend() });
    });
    if (this.target !== target || this.models === null) return;
    if (this.shown) this.post({ type: 'results', ...this.shown });
    else if (this.work) this.post({ type: 'busy', busy: true });
    else await this.mix(target.choices);
  }

  /** Mixes with `choices` and predicts with every model in one engine request; the run is saved as a record. */
  private async mix(choices: MixChoices): Promise<void> {
    this.work?.cancel();
    const work = new vscode.CancellationTokenSource();
    this.work = work;
    const target = this.target;
    target.choices = choices;
    this.post({ type: 'busy', busy: true });
    await this.guard(async () => {
      const record = await this.engine.request(Requests.mix, {
        modelIds: target.modelPaths, data: target.data, method: choices.method, pairing: choices.pairing, lambda: choices.lambda,
        cutoutSide: choices.cutoutSide, puzzle: choices.puzzle, seed: choices.seed,
        progressToken: this.engine.newProgressToken(), runsFolder: runsFolderPath(this.context),
      }, work.token, (p) => this.post({ type: 'progress', done: p.done, total: p.total, message: p.message }));
      if (this.target !== target || this.work !== work) return;
      const snippets = trainingSnippets({ method: choices.method, lambda: choices.lambda, cutoutSide: record.results.settings.cutoutSide ?? choices.cutoutSide, puzzle: choices.puzzle, classCount: record.results.classNames.length });
      this.shown = { record, snippets };
      this.post({ type: 'results', record, snippets });
      void vscode.commands.executeCommand('robustnessLens.refreshViews');
    });
    if (this.work === work) {
      this.work = null;
      this.post({ type: 'busy', busy: false });
    }
  }

  /** Asks where to save (the path is chosen here, never by the webview) and writes the grid. */
  private async exportPng(): Promise<void> {
    if (!this.shown) return;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const suggested = `${this.shown.record.results.settings.method}-preview.png`;
    const file = await vscode.window.showSaveDialog({
      title: 'Export the mix preview as PNG', filters: { 'PNG image': ['png'] }, defaultUri: folder ? vscode.Uri.joinPath(folder, suggested) : undefined,
    });
    if (!file) return;
    await this.writeGridPng(file.fsPath);
    void vscode.window.showInformationMessage(`Saved the mix preview to ${vscode.workspace.asRelativePath(file)}.`);
  }

  private guard(action: () => Thenable<void> | Promise<void>): Promise<void> {
    return runPanelAction(action, (message) => this.post({ type: 'error', message }), { silentOnCancel: true });
  }
}

function resolved(target: MixTarget): MixTarget {
  return { ...target, modelPaths: target.modelPaths.map((p) => path.resolve(p)), data: path.resolve(target.data) };
}

function panelTitle(modelPaths: readonly string[]): string {
  return `Mix preview: ${modelPaths.map(displayName).join(' vs ')}`;
}
