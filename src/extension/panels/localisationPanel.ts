// The localisation panel: CAM heatmaps, predicted and ground-truth boxes, MaxBoxAcc / MaxBoxAccV2 and the
// accuracy-versus-threshold curves of one or more checkpoints on the same images (box metrics where they have boxes,
// PxAP where they have masks); on a dataset with train-fullsup and test splits, the WSOL protocol chooses the checkpoint,
// method and normalisation among those picked, and τ. Its runs export as Markdown or CSV.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type LocalisationChoices, type LocalisationExportFormat, type LocalisationHostMessage, type LocalisationWebviewMessage, localisationWebviewMessageSchema, type LocalisedModel } from '../../protocol/messages/localisation';
import { type CamResults } from '../../protocol/cam';
import { Requests } from '../../protocol/rpc';
import { camProtocol } from '../../engine/cam/camProtocol';
import { findWsolSplits, type WsolSplitLayout } from '../../engine/data/wsolSplits';
import { saveRunRecord } from '../../engine/runs/store';
import type { EngineClient } from '../engineClient';
import { runsFolderPath } from '../settings';
import { LensPanel, type PanelWork } from './lensPanel';
import { panelCandidates } from './localisationCandidates';
import { exportLocalisationReport } from './localisationExport';
import type { LocalisationTarget } from './localisationTarget';
import { displayName } from './overviewPanel';
import type { PanelKind } from './panelRegistry';
import { savedRun, type SavedRun } from './savedRun';
import { recordForWebview } from './webviewImages';
import { attachmentRoot } from '../attachmentFiles';
import { messageParser } from './panelMessages';

export const LOCALISATION_VIEW_TYPE = 'robustnessLens.localisation';

/** One localisation panel at a time: showing another target switches it. */
export function localisationPanelKind(context: vscode.ExtensionContext, engine: EngineClient): PanelKind<LocalisationTarget, LocalisationPanel> {
  return {
    viewType: LOCALISATION_VIEW_TYPE, title: (target) => panelTitle(target.modelPaths), key: () => LOCALISATION_VIEW_TYPE,
    create: (panel, target) => new LocalisationPanel(context, engine, panel, target),
  };
}

export class LocalisationPanel extends LensPanel<LocalisationTarget, LocalisationWebviewMessage, LocalisationHostMessage> {
  private models: LocalisedModel[] | null = null;

  constructor(context: vscode.ExtensionContext, engine: EngineClient, panel: vscode.WebviewPanel, target: LocalisationTarget) {
    super(context, engine, panel, resolved(target), { script: 'localisation', parse: messageParser(localisationWebviewMessageSchema) });
  }

  /** The runs shown now, one per model (for tests and the runs view). */
  get shownRuns(): readonly SavedRun<CamResults>[] | null { return this.target.runs; }

  retarget(target: LocalisationTarget): void {
    this.cancelWork();
    this.target = resolved(target);
    this.models = null;
    this.panel.title = panelTitle(this.target.modelPaths);
    void this.loadAndShow();
  }

  protected handle(message: LocalisationWebviewMessage): Promise<void> | void {
    switch (message.type) {
      case 'ready': return this.loadAndShow();
      case 'run':
        this.target.notice = null;
        return this.localise(message.choices);
      case 'cancel': return this.cancelWork();
      case 'export': return this.export(message.format);
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
      const splits = (await findWsolSplits(target.data)) !== null;
      if (this.target !== target) return;
      this.post({ type: 'setup', models: this.models, data: target.data, choices: target.choices, backend: await this.engine.backend(), splits });
    });
    if (this.target !== target || this.models === null) return;
    // Said again whenever the webview is drawn anew (it is not kept while hidden), until the user runs something else.
    if (target.notice !== null) this.post({ type: 'notice', message: target.notice });
    if (target.runs) this.postResults(target.runs);
    else if (this.busy) this.post({ type: 'busy', busy: true });
    else await this.localise(target.choices);
  }

  /** Localises every model in turn with `choices`, saving each run as a record; one progress bar covers them all. */
  private async localise(choices: LocalisationChoices): Promise<void> {
    const target = this.target;
    target.choices = choices;
    const names = target.modelPaths.map(displayName);
    const runsFolder = runsFolderPath(this.context);
    await this.runWork(async (work) => {
      const layout = await findWsolSplits(target.data);
      const runs: SavedRun<CamResults>[] = [];
      if (layout) runs.push(await this.protocolRun(layout, choices, work, runsFolder));
      else {
        const { method, normalisation, target: mapTarget, faithfulness } = choices;
        for (const [index, modelPath] of target.modelPaths.entries()) {
          const record = await this.engine.request(Requests.cam, {
            modelId: modelPath, data: target.data, method, normalisation, target: mapTarget, faithfulness, includeOverlays: true, progressToken: this.engine.newProgressToken(), runsFolder,
          }, work.token, (p) => work.report({ done: p.total * index + p.done, total: p.total * target.modelPaths.length, message: `${names[index]}: ${p.message}` }));
          runs.push(savedRun(record, runsFolder));
        }
      }
      if (this.target !== target) return;
      target.runs = runs;
      this.postResults(runs);
      void vscode.commands.executeCommand('robustnessLens.refreshViews');
    }, `Localising with ${names.join(', ')}`);
  }

  /**
   * On a dataset with train-fullsup and test splits, the WSOL protocol: the checkpoint, method and normalisation (every
   * combination of those open and picked) and τ are chosen on train-fullsup, and the chosen candidate's test run is
   * shown with the choice; faithfulness, when asked for, is measured on that test run.
   */
  private async protocolRun(layout: WsolSplitLayout, choices: LocalisationChoices, work: PanelWork, runsFolder: string): Promise<SavedRun<CamResults>> {
    const record = await camProtocol((params, candidate, split) => this.engine.request(Requests.cam, { ...params, progressToken: this.engine.newProgressToken() }, work.token,
      (p) => work.report({ ...p, message: `${split} · ${displayName(candidate.modelId)}: ${p.message}` })), layout, {
      candidates: panelCandidates(this.target.modelPaths, choices),
      shared: { target: choices.target, includeOverlays: true, progressToken: '' },
      faithfulness: choices.faithfulness === true, runsFolder,
    });
    return saveRunRecord(runsFolder, record);
  }

  private async export(format: LocalisationExportFormat): Promise<void> {
    const runs = this.target.runs;
    if (!runs || runs.length === 0) return;
    await this.guard(async () => {
      const file = await exportLocalisationReport(runs.map((run) => run.record), format);
      if (file) void vscode.window.showInformationMessage(`Robustness Lens: saved the localisation report to ${vscode.workspace.asRelativePath(file)}.`);
    });
  }

  /** Posts the runs, their images as URIs of their files; the webview may load files from the runs folder and the shown runs' folders only. */
  private postResults(runs: readonly SavedRun<CamResults>[]): void {
    // A run saved outside the runs folder changes the page's roots: VS Code loads it anew, it says 'ready', and loadAndShow posts again.
    this.allowFolders(runs.map((run) => attachmentRoot(run.file)));
    this.post({ type: 'results', records: runs.map((run) => recordForWebview(this.panel.webview, run)), recordFiles: runs.map((run) => run.file) });
  }
}

function resolved(target: LocalisationTarget): LocalisationTarget {
  return { ...target, modelPaths: target.modelPaths.map((p) => path.resolve(p)), data: path.resolve(target.data) };
}

function panelTitle(modelPaths: readonly string[]): string {
  return `Localisation: ${modelPaths.map(displayName).join(' vs ')}`;
}
