// The localisation panel: CAM heatmaps, predicted and ground-truth boxes, MaxBoxAcc / MaxBoxAccV2 and the
// accuracy-versus-threshold curves of one or more checkpoints on the same wsolevaluation dataset.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LocalisationChoices, LocalisationHostMessage, LocalisationPanelState, LocalisedModel } from '../../protocol/panels';
import type { RunRecord } from '../../protocol/records';
import { Requests, type CamResults } from '../../protocol/rpc';
import type { EngineClient } from '../engineClient';
import { runsFolderPath } from '../settings';
import { parseLocalisationMessage } from './localisationMessages';
import { pixelsOf, withoutPixels } from './localisationPixels';
import { displayName } from './overviewPanel';
import { runPanelAction } from './panelAction';
import { attachPanel, createPanel, restorePanelOptions } from './webviewHtml';

export const LOCALISATION_VIEW_TYPE = 'robustnessLens.localisation';

export const DEFAULT_LOCALISATION_CHOICES: LocalisationChoices = { method: 'cam', normalisation: 'minmax', target: 'top1' };

/** What the panel localises: models, dataset, choices, and saved runs to show instead of computing (one per model). */
export interface LocalisationTarget {
  modelPaths: string[];
  data: string;
  choices: LocalisationChoices;
  records: RunRecord<CamResults>[] | null;
}

/** The choices a saved run was computed with. */
export function choicesOfRecord(record: RunRecord<CamResults>): LocalisationChoices {
  const { method, normalisation, target } = record.results.settings;
  return { method, normalisation, target };
}

export class LocalisationPanel implements vscode.Disposable {
  private static instance: LocalisationPanel | undefined;
  private target: LocalisationTarget;
  private models: LocalisedModel[] | null = null;
  private work: vscode.CancellationTokenSource | null = null;
  private readonly disposables: vscode.Disposable[] = [];

  /** Shows the panel on `target`, re-using the open panel (which then switches to the new models and dataset). */
  static show(context: vscode.ExtensionContext, engine: EngineClient, target: LocalisationTarget): LocalisationPanel {
    const existing = LocalisationPanel.instance;
    if (existing) {
      existing.panel.reveal();
      existing.retarget(target);
      return existing;
    }
    const panel = createPanel(context, LOCALISATION_VIEW_TYPE, panelTitle(target.modelPaths));
    return new LocalisationPanel(context, engine, panel, target);
  }

  /** Re-creates a panel VS Code restored after a reload, from the state the webview saved (paths already checked). */
  static revive(context: vscode.ExtensionContext, engine: EngineClient, panel: vscode.WebviewPanel, state: LocalisationPanelState): LocalisationPanel {
    restorePanelOptions(context, panel);
    return new LocalisationPanel(context, engine, panel, { modelPaths: state.modelPaths, data: state.data, choices: state.choices, records: null });
  }

  static get current(): LocalisationPanel | undefined { return LocalisationPanel.instance; }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly engine: EngineClient,
    readonly panel: vscode.WebviewPanel,
    target: LocalisationTarget,
  ) {
    LocalisationPanel.instance = this;
    this.target = { ...target, modelPaths: target.modelPaths.map((p) => path.resolve(p)), data: path.resolve(target.data) };
    this.disposables.push(...attachPanel(context, panel, 'localisation', (raw) => void this.onMessage(raw), () => this.dispose()));
  }

  /** The runs shown now, one per model (for tests and the runs view). */
  get shownRecords(): RunRecord<CamResults>[] | null { return this.target.records; }

  get busy(): boolean { return this.work !== null; }

  dispose(): void {
    if (LocalisationPanel.instance === this) LocalisationPanel.instance = undefined;
    this.work?.cancel();
    for (const d of this.disposables) d.dispose();
  }

  private post(message: LocalisationHostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private retarget(target: LocalisationTarget): void {
    this.work?.cancel();
    this.target = { ...target, modelPaths: target.modelPaths.map((p) => path.resolve(p)), data: path.resolve(target.data) };
    this.models = null;
    this.panel.title = panelTitle(this.target.modelPaths);
    void this.loadAndShow();
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseLocalisationMessage(raw);
    if ('error' in message) {
      this.post({ type: 'error', message: message.error });
      return;
    }
    switch (message.type) {
      case 'ready': return this.loadAndShow();
      case 'run': return this.localise(message.choices);
      case 'cancel': this.work?.cancel(); return;
      case 'pixels': this.post({ type: 'pixels', pixels: pixelsOf(this.target.records ?? [], message.imageIndices) }); return;
    }
  }

  /** Loads the models, tells the webview what it shows, then shows the runs it has or computes them. */
  private async loadAndShow(): Promise<void> {
    const target = this.target;
    await this.guard(async () => {
      this.models ??= await Promise.all(target.modelPaths.map(async (modelPath) => {
        const loaded = await this.engine.loadModel({ path: modelPath });
        return { path: loaded.modelId, classNames: loaded.labels.names };
      }));
      if (this.target !== target) return;
      this.post({ type: 'setup', models: this.models, data: target.data, choices: target.choices, backend: await this.engine.backend() });
    });
    if (this.target !== target || this.models === null) return;
    if (target.records) this.post({ type: 'results', records: target.records.map(withoutPixels) });
    else if (this.work) this.post({ type: 'busy', busy: true });
    else await this.localise(target.choices);
  }

  /** Localises every model in turn with `choices`, saving each run as a record; one progress bar covers them all. */
  private async localise(choices: LocalisationChoices): Promise<void> {
    this.work?.cancel();
    const work = new vscode.CancellationTokenSource();
    this.work = work;
    const target = this.target;
    target.choices = choices;
    this.post({ type: 'busy', busy: true });
    const names = target.modelPaths.map(displayName);
    await this.guard(() => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Localising with ${names.join(', ')}`, cancellable: true }, async (progress, token) => {
      token.onCancellationRequested(() => work.cancel());
      const records: RunRecord<CamResults>[] = [];
      let reported = 0;
      for (const [index, modelPath] of target.modelPaths.entries()) {
        const record = await this.engine.request(Requests.cam, {
          modelId: modelPath, data: target.data, ...choices, includeOverlays: true,
          progressToken: this.engine.newProgressToken(), runsFolder: runsFolderPath(this.context),
        }, work.token, (p) => {
          const total = p.total * target.modelPaths.length;
          const done = p.total * index + p.done;
          const message = `${names[index]}: ${p.message}`;
          this.post({ type: 'progress', done, total, message });
          progress.report({ message, increment: total ? ((done - reported) / total) * 100 : undefined });
          reported = done;
        });
        records.push(record);
      }
      if (this.target !== target) return;
      target.records = records;
      this.post({ type: 'results', records: records.map(withoutPixels) });
      void vscode.commands.executeCommand('robustnessLens.refreshViews');
    }));
    if (this.work === work) {
      this.work = null;
      this.post({ type: 'busy', busy: false });
    }
  }

  private guard(action: () => Thenable<void> | Promise<void>): Promise<void> {
    return runPanelAction(action, (message) => this.post({ type: 'error', message }));
  }
}

function panelTitle(modelPaths: readonly string[]): string {
  return `Localisation: ${modelPaths.map(displayName).join(' vs ')}`;
}
