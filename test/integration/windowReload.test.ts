// A real window reload (Developer: Reload Window, done by the launcher) with the localisation, mix-preview and overview
// panels open as tabs: each comes back on the saved runs it showed, without asking the engine to compute anything;
// after a second reload with some of those runs deleted, localisation and mix compute again and the overview shows its
// model without predictions, each saying why in the panel.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RobustnessLensApi } from '../../src/extension/extension';
import type { LocalisationPanel } from '../../src/extension/panels/localisationPanel';
import type { MixPanel } from '../../src/extension/panels/mixPanel';
import type { OverviewPanel } from '../../src/extension/panels/overviewPanel';
import { formatPercent } from '../../src/present/format';
import { askLauncher, carriedAcrossReload, carryAcrossReload, hasLauncher, until, webviewTextIncluding, windowReloads } from './launcher';
import { lensExtension, sampleModels } from './lensExtension';

/** The reload after which the saved runs are all there, and the one after which some are gone. */
const RESTORED = 1;
const RUNS_GONE = 2;
/** Long enough for both sample models to be localised on two cores. */
const COMPUTE_TIMEOUT_MS = 240000;
/** The panels' tabs, in the order the first run opens them in one editor group (a hidden tab's panel is restored when shown). */
const TABS = { localisation: 1, mix: 2, overview: 3 } as const;

/** What the run before a reload left for the run after it. */
interface BeforeReload {
  localisationFiles: string[];
  mixFile: string;
  overviewFile: string;
  /** Every run folder there was just before the reload. */
  runFolders: string[];
}

function workspaceFolder(): string {
  return vscode.workspace.workspaceFolders![0].uri.fsPath;
}

function workspaceModel(): string {
  return path.join(workspaceFolder(), 'models', 'baseline', 'model.json');
}

function runFolders(): string[] {
  return fs.readdirSync(path.join(workspaceFolder(), '.robustness-lens', 'runs')).sort();
}

function recordFileOf(id: string): string {
  return path.join(workspaceFolder(), '.robustness-lens', 'runs', id, 'record.json');
}

async function showTab(index: number): Promise<void> {
  await vscode.commands.executeCommand(`workbench.action.openEditorAtIndex${index}`);
}

/** The localisation panel once it is idle and shows runs. */
async function idleLocalisation(lens: RobustnessLensApi): Promise<LocalisationPanel> {
  return until('the localisation runs', () => {
    const panel = lens.localisation();
    return panel && !panel.busy && panel.shownRuns ? panel : null;
  }, COMPUTE_TIMEOUT_MS);
}

async function idleMix(lens: RobustnessLensApi): Promise<MixPanel> {
  return until('the mix preview', () => {
    const panel = lens.mix();
    return panel && !panel.busy && panel.shownRecord ? panel : null;
  }, COMPUTE_TIMEOUT_MS);
}

async function idleOverview(lens: RobustnessLensApi): Promise<OverviewPanel> {
  return until('the overview', () => {
    const panel = lens.overviewFor(workspaceModel());
    return panel?.loadedModel && !panel.busy ? panel : null;
  });
}

/** Waits until each webview shows the numbers of its panel's runs (which it keeps with setState as it shows them). */
async function webviewsShowing(panel: LocalisationPanel | MixPanel | OverviewPanel): Promise<void> {
  if ('shownRuns' in panel) await webviewTextIncluding('.metrics-table', (panel.shownRuns ?? []).map((run) => formatPercent(run.record.results.maxBoxAcc!.maxAccuracy)));
  else if ('writeGridPng' in panel) await webviewTextIncluding('.pair-card .target-bars', [formatPercent(panel.shownRecord!.results.pairs[0].target[0].probability)]);
  else await webviewTextIncluding('.run-summary', [`top-1 accuracy ${formatPercent(panel.shownRecord!.results.top1Accuracy!)}`]);
}

suite('Window reload', function () {
  this.timeout(COMPUTE_TIMEOUT_MS * 2);
  const reloads = windowReloads();
  suiteSetup(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
  });
  // Before the last reload the panels stay open: they are what the reload restores.
  suiteTeardown(async () => { if (reloads === RUNS_GONE) await vscode.commands.executeCommand('workbench.action.closeAllEditors'); });

  if (reloads === 0) test('opens localisation, mix-preview and overview panels on fresh runs, then asks for a reload', async function () {
    if (!hasLauncher()) return this.skip();
    const { lens, extensionPath } = await lensExtension();
    const models = sampleModels(extensionPath);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('robustnessLens.openLocalisation', { modelPaths: models });
    const localisation = await idleLocalisation(lens);
    await webviewsShowing(localisation);
    await vscode.commands.executeCommand('robustnessLens.openMixPreview', { modelPaths: models });
    const mix = await idleMix(lens);
    await webviewsShowing(mix);
    await vscode.commands.executeCommand('robustnessLens.openModel', vscode.Uri.file(workspaceModel()));
    await idleOverview(lens);
    await askLauncher({ action: 'clickInWebview', selector: 'vscode-button:has-text("Predict on sample set")' });
    const overview = await until('the predictions', () => {
      const panel = lens.overviewFor(workspaceModel());
      return panel && !panel.busy && panel.shownRecord ? panel : null;
    }, COMPUTE_TIMEOUT_MS);
    await webviewsShowing(overview);
    carryAcrossReload('panels', {
      localisationFiles: localisation.shownRuns!.map((run) => run.file), mixFile: recordFileOf(mix.shownRecord!.id),
      overviewFile: recordFileOf(overview.shownRecord!.id), runFolders: runFolders(),
    } satisfies BeforeReload);
    await askLauncher({ action: 'reloadWhenDone' });
  });

  if (reloads === RESTORED) test('each panel comes back on the saved runs it showed, and the engine computes nothing', async () => {
    const before = carriedAcrossReload<BeforeReload>('panels');
    const { lens } = await lensExtension();
    await showTab(TABS.localisation);
    const localisation = await idleLocalisation(lens);
    assert.deepStrictEqual(localisation.shownRuns!.map((run) => run.file), before.localisationFiles);
    await webviewsShowing(localisation);
    await askLauncher({ action: 'screenshot', name: 'window-reload-localisation', waitFor: 'canvas.cam-canvas' });
    await showTab(TABS.mix);
    const mix = await idleMix(lens);
    assert.strictEqual(recordFileOf(mix.shownRecord!.id), before.mixFile);
    await webviewsShowing(mix);
    await askLauncher({ action: 'screenshot', name: 'window-reload-mix', waitFor: '.pair-card img' });
    await showTab(TABS.overview);
    const overview = await idleOverview(lens);
    assert.strictEqual(overview.shownRecord && recordFileOf(overview.shownRecord.id), before.overviewFile);
    await webviewsShowing(overview);
    // Every localise, mix or predict request saves a new run: none was made.
    assert.deepStrictEqual(runFolders(), before.runFolders, 'no run was computed after the reload');
  });

  if (reloads === RESTORED) test('deletes one localisation run, the mix run and the predictions, then asks for another reload', async () => {
    const before = carriedAcrossReload<BeforeReload>('panels');
    for (const file of [before.localisationFiles[1], before.mixFile, before.overviewFile]) fs.rmSync(path.dirname(file), { recursive: true });
    carryAcrossReload('panels', { ...before, runFolders: runFolders() } satisfies BeforeReload);
    await askLauncher({ action: 'reloadWhenDone' });
  });

  if (reloads === RUNS_GONE) test('a panel whose saved run is gone says so; localisation and mix compute again with their settings', async () => {
    const before = carriedAcrossReload<BeforeReload>('panels');
    const runName = (file: string) => path.basename(path.dirname(file));
    const { lens, extensionPath } = await lensExtension();
    await showTab(TABS.localisation);
    const localisation = await idleLocalisation(lens);
    assert.deepStrictEqual(localisation.shownRuns!.map((run) => run.record.results.modelPath), sampleModels(extensionPath));
    assert.ok(localisation.shownRuns!.every((run) => !before.localisationFiles.includes(run.file)), 'both models were localised again');
    await webviewTextIncluding('.notice-banner', [runName(before.localisationFiles[1]), 'is gone: localising again']);
    await webviewsShowing(localisation);
    await askLauncher({ action: 'screenshot', name: 'window-reload-runs-gone', waitFor: 'canvas.cam-canvas' });
    await showTab(TABS.mix);
    const mix = await idleMix(lens);
    assert.notStrictEqual(recordFileOf(mix.shownRecord!.id), before.mixFile, 'the pairs were mixed again');
    await webviewTextIncluding('.notice-banner', [runName(before.mixFile), 'is gone: mixing again']);
    await showTab(TABS.overview);
    const overview = await idleOverview(lens);
    assert.strictEqual(overview.shownRecord, null, 'the overview has no predictions to show');
    await webviewTextIncluding('.notice-banner', [runName(before.overviewFile), 'is gone: its predictions cannot be shown again']);
    await askLauncher({ action: 'screenshot', name: 'window-reload-predictions-gone' });
    // A webview is drawn anew each time its tab comes back (it is not kept while hidden); the notice comes back with it.
    await showTab(TABS.localisation);
    await webviewTextIncluding('.notice-banner', [runName(before.localisationFiles[1]), 'is gone: localising again']);
    assert.strictEqual(runFolders().length, before.runFolders.length + 3, 'the new localisation and mix runs are saved');
  });
});
