// The mix-preview panel: Mixup, Cutout, CutMix or Puzzle Mix on pairs of dataset images, with every checkpoint's prediction on
// each mixed image side by side, their in-between statistics, a PNG export of the grid and training-script snippets.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { openDataSourceFor } from '../../engine/data/classMapping';
import { trainingSnippets, type TrainingSnippets } from '../../engine/mix/trainingSnippets';
import type { MixResults } from '../../protocol/mix';
import type { LabelSet } from '../../protocol/model';
import type { LocalisedModel } from '../../protocol/messages/localisation';
import { type MixChoices, type MixHostMessage, type MixWebviewMessage, mixWebviewMessageSchema } from '../../protocol/messages/mix';
import type { RunRecord } from '../../protocol/records';
import { Requests } from '../../protocol/rpc';
import type { EngineClient } from '../engineClient';
import { runsFolderPath } from '../settings';
import { LensPanel } from './lensPanel';
import { renderMixGridPng } from './mixGridImage';
import { choicesOfMixRecord, type MixTarget } from './mixTarget';
import { displayName } from './overviewPanel';
import type { PanelKind } from './panelRegistry';
import { savedRun, type SavedRun } from './savedRun';
import { recordForWebview, recordInline } from './webviewImages';
import { attachmentRoot } from '../attachmentFiles';
import { messageParser } from './panelMessages';

export const MIX_VIEW_TYPE = 'robustnessLens.mixPreview';

/** One mix-preview panel at a time: showing another target switches it. */
export function mixPanelKind(context: vscode.ExtensionContext, engine: EngineClient): PanelKind<MixTarget, MixPanel> {
  return {
    viewType: MIX_VIEW_TYPE, title: (target) => panelTitle(target.modelPaths), key: () => MIX_VIEW_TYPE,
    create: (panel, target) => new MixPanel(context, engine, panel, target),
  };
}

export class MixPanel extends LensPanel<MixTarget, MixWebviewMessage, MixHostMessage> {
  private models: LocalisedModel[] | null = null;
  /** The first model's labels: the engine's mix labels the dataset's images with its classes, and so does the image list here. */
  private referenceLabels: LabelSet | null = null;

  constructor(context: vscode.ExtensionContext, engine: EngineClient, panel: vscode.WebviewPanel, target: MixTarget) {
    super(context, engine, panel, resolved(target), { script: 'mix', parse: messageParser(mixWebviewMessageSchema), silentOnCancel: true });
  }

  /** The run shown now (for tests). */
  get shownRecord(): RunRecord<MixResults> | null { return this.target.run?.record ?? null; }

  /** Writes the shown grid as a PNG to `file` (the export command's work once the path is chosen). */
  async writeGridPng(file: string): Promise<void> {
    const run = this.target.run;
    if (!run) throw new Error('There is no mix preview to export yet.');
    const record = await recordInline(run);
    const names = record.spec.models.map((m) => displayName(m.path));
    await vscode.workspace.fs.writeFile(vscode.Uri.file(file), await renderMixGridPng(record.results, names));
  }

  retarget(target: MixTarget): void {
    this.cancelWork();
    this.target = resolved(target);
    this.models = null;
    this.referenceLabels = null;
    this.panel.title = panelTitle(this.target.modelPaths);
    void this.loadAndShow();
  }

  protected async handle(message: MixWebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready': return this.loadAndShow();
      case 'run':
        this.target.notice = null;
        return this.mix(message.choices);
      case 'cancel': return this.cancelWork();
      case 'exportPng': return this.guard(() => this.exportPng());
      case 'copySnippet':
        if (this.target.run) {
          await vscode.env.clipboard.writeText(this.snippets(this.target.run.record)[message.framework]);
          void vscode.window.showInformationMessage(`Copied the ${message.framework === 'pytorch' ? 'PyTorch' : 'tf.data'} snippet.`);
        }
        return;
    }
  }

  /** Loads the models and lists the dataset's labelled images, tells the webview, then shows the run it has or computes one. */
  private async loadAndShow(): Promise<void> {
    const target = this.target;
    await this.guard(async () => {
      if (this.models === null || this.referenceLabels === null) {
        const loaded = await Promise.all(target.modelPaths.map((modelPath) => this.engine.loadModel({ path: modelPath })));
        this.models = loaded.map((model) => ({ path: model.modelId, classNames: model.labels.names }));
        this.referenceLabels = loaded[0].labels;
      }
      const { source } = await openDataSourceFor(target.data, this.referenceLabels);
      const images = source.items.flatMap((item) => (item.label === null ? [] : [{ id: item.id, label: item.label }]));
      if (this.target !== target) return;
      this.post({ type: 'setup', models: this.models, data: target.data, images, choices: target.choices, backend: await this.engine.backend() });
    });
    if (this.target !== target || this.models === null) return;
    // Said again whenever the webview is drawn anew (it is not kept while hidden), until the user mixes something else.
    if (target.notice !== null) this.post({ type: 'notice', message: target.notice });
    if (target.run) this.postResults(target.run);
    else if (this.busy) this.post({ type: 'busy', busy: true });
    else await this.mix(target.choices);
  }

  /** Mixes with `choices` and predicts with every model in one engine request; the run is saved as a record. */
  private async mix(choices: MixChoices): Promise<void> {
    const target = this.target;
    target.choices = choices;
    const runsFolder = runsFolderPath(this.context);
    await this.runWork(async (work) => {
      const record = await this.engine.request(Requests.mix, {
        modelIds: target.modelPaths, data: target.data, method: choices.method, pairing: choices.pairing, lambda: choices.lambda,
        cutoutSide: choices.cutoutSide, puzzle: choices.puzzle, seed: choices.seed, progressToken: this.engine.newProgressToken(), runsFolder,
      }, work.token, work.report);
      if (this.target !== target || !work.isCurrent()) return;
      target.run = savedRun(record, runsFolder);
      this.postResults(target.run);
      void vscode.commands.executeCommand('robustnessLens.refreshViews');
    });
  }

  /** Posts the run, its images as URIs of their files; the webview may load files from the runs folder and the run's folder only. */
  private postResults(run: SavedRun<MixResults>): void {
    // A run saved outside the runs folder changes the page's roots: VS Code loads it anew, it says 'ready', and loadAndShow posts again.
    this.allowFolders([attachmentRoot(run.file)]);
    this.post({ type: 'results', record: recordForWebview(this.panel.webview, run), recordFile: run.file, snippets: this.snippets(run.record) });
  }

  /** Training code for the augmentation a run was mixed with. */
  private snippets(record: RunRecord<MixResults>): TrainingSnippets {
    const { method, lambda, cutoutSide, puzzle } = choicesOfMixRecord(record, this.target.choices);
    return trainingSnippets({ method, lambda, cutoutSide, puzzle, classCount: record.results.classNames.length });
  }

  /** Asks where to save (the path is chosen here, never by the webview) and writes the grid. */
  private async exportPng(): Promise<void> {
    const record = this.target.run?.record;
    if (!record) return;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const suggested = `${record.results.settings.method}-preview.png`;
    const file = await vscode.window.showSaveDialog({
      title: 'Export the mix preview as PNG', filters: { 'PNG image': ['png'] }, defaultUri: folder ? vscode.Uri.joinPath(folder, suggested) : undefined,
    });
    if (!file) return;
    await this.writeGridPng(file.fsPath);
    void vscode.window.showInformationMessage(`Saved the mix preview to ${vscode.workspace.asRelativePath(file)}.`);
  }
}

function resolved(target: MixTarget): MixTarget {
  return { ...target, modelPaths: target.modelPaths.map((p) => path.resolve(p)), data: path.resolve(target.data) };
}

function panelTitle(modelPaths: readonly string[]): string {
  return `Mix preview: ${modelPaths.map(displayName).join(' vs ')}`;
}
