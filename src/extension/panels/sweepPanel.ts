// The robustness sweep panel: the plan first (images, conditions, forward passes, estimated time) with a Start button,
// then progress with Cancel, then the CutMix paper's table and its charts, gallery and exports for the chosen checkpoints.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SweepAnalyses, SweepExportFormat, SweepHostMessage, SweepPanelModel } from '../../protocol/panels';
import type { RunRecord } from '../../protocol/records';
import { Requests } from '../../protocol/rpc';
import { ALEXNET_BASELINE, type SweepParams, type SweepResults } from '../../protocol/sweep';
import { RECORD_FILE, runFolder } from '../../engine/runs/store';
import type { EngineClient } from '../engineClient';
import { readSettings, runsFolderPath } from '../settings';
import { displayName } from './overviewPanel';
import { exportSweepReport } from './sweepExport';
import { parseSweepMessage } from './sweepMessages';
import { runPanelAction } from './panelAction';
import { attachPanel, createPanel, restorePanelOptions } from './webviewHtml';

export const SWEEP_VIEW_TYPE = 'robustnessLens.sweep';

/** What the panel sweeps, or the saved run it shows instead of computing. */
export interface SweepTarget {
  modelPaths: string[];
  data: string;
  /** A model path, 'alexnet', or null for the engine's default. */
  baseline: string | null;
  analyses: SweepAnalyses;
  record: RunRecord<SweepResults> | null;
  recordFile: string | null;
}

/** The target that shows a saved sweep record, as the runs view and a restored panel open it. */
export function targetOfRecord(record: RunRecord<SweepResults>, recordFile: string): SweepTarget {
  const { settings } = record.results;
  return {
    modelPaths: record.results.models.map((m) => m.modelId), data: settings.data, baseline: settings.baseline,
    analyses: { corruptions: settings.corruptions, severities: settings.severities, fgsmEpsilons: settings.fgsmEpsilons, occlusion: settings.occlusion, oodFolder: null, limit: null },
    record, recordFile,
  };
}

export class SweepPanel implements vscode.Disposable {
  private static instance: SweepPanel | undefined;
  private target: SweepTarget;
  private models: SweepPanelModel[] | null = null;
  private work: vscode.CancellationTokenSource | null = null;
  private readonly disposables: vscode.Disposable[] = [];

  /** Shows the panel on `target`, re-using the open panel. */
  static show(context: vscode.ExtensionContext, engine: EngineClient, target: SweepTarget): SweepPanel {
    const existing = SweepPanel.instance;
    if (existing) {
      existing.panel.reveal();
      existing.retarget(target);
      return existing;
    }
    const panel = createPanel(context, SWEEP_VIEW_TYPE, panelTitle(target.modelPaths));
    return new SweepPanel(context, engine, panel, target);
  }

  /** Re-creates a panel VS Code restored after a reload, on the saved record (its path already checked). */
  static revive(context: vscode.ExtensionContext, engine: EngineClient, panel: vscode.WebviewPanel, target: SweepTarget): SweepPanel {
    restorePanelOptions(context, panel);
    return new SweepPanel(context, engine, panel, target);
  }

  static get current(): SweepPanel | undefined { return SweepPanel.instance; }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly engine: EngineClient,
    readonly panel: vscode.WebviewPanel,
    target: SweepTarget,
  ) {
    SweepPanel.instance = this;
    this.target = resolved(target);
    this.disposables.push(...attachPanel(context, panel, 'sweep', (raw) => void this.onMessage(raw), () => this.dispose()));
  }

  /** The run shown now (for tests and the runs view). */
  get shownRecord(): RunRecord<SweepResults> | null { return this.target.record; }

  get busy(): boolean { return this.work !== null; }

  dispose(): void {
    if (SweepPanel.instance === this) SweepPanel.instance = undefined;
    this.work?.cancel();
    for (const d of this.disposables) d.dispose();
  }

  private post(message: SweepHostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private retarget(target: SweepTarget): void {
    this.work?.cancel();
    this.target = resolved(target);
    this.models = null;
    this.panel.title = panelTitle(this.target.modelPaths);
    void this.loadAndShow();
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseSweepMessage(raw);
    if ('error' in message) {
      this.post({ type: 'error', message: message.error });
      return;
    }
    switch (message.type) {
      case 'ready': return this.loadAndShow();
      case 'start': return this.start();
      case 'cancel': this.work?.cancel(); return;
      case 'export': return this.export(message.format);
    }
  }

  /** Tells the webview what it shows, then shows the saved run, or loads the models and shows the plan. */
  private async loadAndShow(): Promise<void> {
    const target = this.target;
    await this.guard(async () => {
      const backend = await this.engine.backend();
      if (target.record) {
        this.post({ type: 'setup', models: target.modelPaths.map((p) => ({ path: p, name: displayName(p) })), data: target.data, backend });
        this.post({ type: 'results', record: target.record, recordFile: target.recordFile });
        return;
      }
      const models = await this.loadModels();
      if (this.target !== target) return;
      this.post({ type: 'setup', models, data: target.data, backend });
      if (this.work) {
        this.post({ type: 'busy', busy: true });
        return;
      }
      const plan = await this.engine.request(Requests.planSweep, this.params());
      if (this.target === target) this.post({ type: 'plan', plan });
    });
  }

  /** Opens the checkpoints (and a checkpoint baseline) in the engine, once per target. */
  private async loadModels(): Promise<SweepPanelModel[]> {
    const { modelPaths, baseline } = this.target;
    this.models ??= await Promise.all(modelPaths.map(async (modelPath) => ({ path: (await this.engine.loadModel({ path: modelPath })).modelId, name: displayName(modelPath) })));
    if (baseline !== null && baseline !== ALEXNET_BASELINE) await this.engine.loadModel({ path: baseline });
    return this.models;
  }

  private params(): SweepParams {
    const { modelPaths, data, baseline, analyses } = this.target;
    return {
      modelIds: modelPaths, data, baseline: baseline ?? undefined,
      corruptions: analyses.corruptions, severities: analyses.severities, fgsmEpsilons: analyses.fgsmEpsilons, occlusion: analyses.occlusion,
      oodFolder: analyses.oodFolder ?? undefined, limit: analyses.limit ?? undefined,
      progressToken: this.engine.newProgressToken(), runsFolder: runsFolderPath(this.context),
      workers: readSettings().sweepWorkers || undefined,
    };
  }

  /** Runs the planned sweep (the webview's Start button) with a progress notification; a cancelled sweep still shows (and saves) what finished, marked partial. */
  async start(): Promise<void> {
    if (this.work || this.target.record) return;
    const work = new vscode.CancellationTokenSource();
    this.work = work;
    const target = this.target;
    this.post({ type: 'busy', busy: true });
    await this.guard(() => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Robustness sweep of ${target.modelPaths.map(displayName).join(', ')}`, cancellable: true }, async (progress, token) => {
      token.onCancellationRequested(() => work.cancel());
      await this.loadModels();
      const params = this.params();
      let reported = 0;
      const record = await this.engine.request(Requests.sweep, params, work.token, (p) => {
        this.post({ type: 'progress', done: p.done, total: p.total, message: p.message });
        progress.report({ message: p.message, increment: p.total ? ((p.done - reported) / p.total) * 100 : undefined });
        reported = p.done;
      });
      if (this.target !== target) return;
      target.record = record;
      target.recordFile = params.runsFolder ? path.join(runFolder(params.runsFolder, record.id), RECORD_FILE) : null;
      this.post({ type: 'results', record, recordFile: target.recordFile });
      void vscode.commands.executeCommand('robustnessLens.refreshViews');
    }));
    if (this.work === work) {
      this.work = null;
      this.post({ type: 'busy', busy: false });
    }
  }

  private async export(format: SweepExportFormat): Promise<void> {
    const record = this.target.record;
    if (!record) return;
    await this.guard(async () => {
      const file = await exportSweepReport(record.results, format, record.id);
      if (file) void vscode.window.showInformationMessage(`Robustness Lens: saved the sweep report to ${vscode.workspace.asRelativePath(file)}.`);
    });
  }

  private guard(action: () => Thenable<void> | Promise<void>): Promise<void> {
    return runPanelAction(action, (message) => this.post({ type: 'error', message }));
  }
}

function resolved(target: SweepTarget): SweepTarget {
  const baseline = target.baseline === null || target.baseline === ALEXNET_BASELINE ? target.baseline : path.resolve(target.baseline);
  return { ...target, modelPaths: target.modelPaths.map((p) => path.resolve(p)), data: path.resolve(target.data), baseline };
}

function panelTitle(modelPaths: readonly string[]): string {
  return `Robustness Sweep: ${modelPaths.map(displayName).join(' vs ')}`;
}
