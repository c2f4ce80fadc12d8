// The localisation panel in a real VS Code: opened through its command on both sample models, the runs shown and
// saved, the threshold slider moving the boxes and the accuracy without a new run, hiding and showing the panel,
// another normalisation asked for from the webview, and a saved 'cam' run opened again from the runs view.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RobustnessLensApi } from '../../src/extension/extension';
import type { SavedRun } from '../../src/extension/panels/savedRun';
import type { CamResults } from '../../src/protocol/cam';
import { formatPercent } from '../../src/present/format';
import { askLauncher, hasLauncher, until } from './launcher';
import { lensExtension, sampleModels } from './lensExtension';


/** The runs the panel shows once it is idle. */
async function shownRuns(lens: RobustnessLensApi): Promise<readonly SavedRun<CamResults>[]> {
  return until('localisation results', () => {
    const panel = lens.localisation();
    return panel && !panel.busy ? panel.shownRuns : null;
  }, 240000);
}

/** The webview's metrics table, once it lists every model. */
async function metricsText(models: number): Promise<string> {
  const end = Date.now() + 30000;
  for (;;) {
    const text = (await askLauncher({ action: 'webviewText', selector: '.metrics-table' }))?.text ?? '';
    if (text.split('\n').filter((line) => /%/.test(line)).length >= models || Date.now() > end) return text;
    await new Promise((r) => setTimeout(r, 200));
  }
}

suite('Localisation panel', () => {
  // The panel is what the screenshots look at: no Chat view, no side bar.
  suiteSetup(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
  });
  suiteTeardown(async () => { await vscode.commands.executeCommand('workbench.action.closeAllEditors'); });

  test('the command localises both sample models on the sample set, shows MaxBoxAcc and saves the runs', async () => {
    const { lens, extensionPath } = await lensExtension();
    const models = sampleModels(extensionPath);
    await vscode.commands.executeCommand('robustnessLens.openLocalisation', { modelPaths: models });
    const runs = await shownRuns(lens);
    const records = runs.map((run) => run.record);
    assert.deepStrictEqual(records.map((r) => r.results.modelPath), models);
    const workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
    for (const [index, record] of records.entries()) {
      const { results } = record;
      assert.strictEqual(record.spec.analysis, 'cam');
      assert.ok(results.imageCount > 0);
      assert.ok(results.maxBoxAcc!.maxAccuracy >= 0 && results.maxBoxAcc!.maxAccuracy <= 1);
      const overlay = results.images[0].overlay;
      assert.ok(overlay, 'the panel asks for overlays');
      assert.strictEqual(overlay.boxes.length, results.thresholds.length);
      assert.strictEqual(runs[index].file, path.join(workspace, '.robustness-lens', 'runs', record.id, 'record.json'));
      assert.ok(fs.existsSync(runs[index].file), 'the run is saved');
      // The map and the picture are files beside the record, which lists them; the record holds no image.
      for (const image of [overlay.map, overlay.image]) {
        assert.ok(record.attachments.includes(image), `${image} is listed in the record's attachments`);
        assert.ok(fs.existsSync(path.join(path.dirname(runs[index].file), image)), `${image} is saved`);
      }
      assert.ok(!fs.readFileSync(runs[index].file, 'utf8').includes('data:image'), 'the record holds no data: URI');
    }
    if (!hasLauncher()) return;
    const text = await metricsText(records.length);
    for (const record of records) assert.ok(text.includes(formatPercent(record.results.maxBoxAcc!.maxAccuracy)), `MaxBoxAcc ${formatPercent(record.results.maxBoxAcc!.maxAccuracy)} is shown in\n${text}`);
    // The webview loaded the map and picture from the run folder and read the map's pixels to colour it.
    await askLauncher({ action: 'webviewText', selector: 'canvas.cam-canvas[data-painted]' });
  });

  test('the threshold slider moves the boxes and the accuracy at τ without a new run', async function () {
    if (!hasLauncher()) return this.skip();
    const { lens } = await lensExtension();
    const runs = await shownRuns(lens);
    const records = runs.map((run) => run.record);
    await askLauncher({ action: 'setInWebview', selector: '#threshold-slider', value: '30' });
    const text = await until('the table at τ = 0.30', async () => {
      const shown = await metricsText(records.length);
      return shown.includes('τ = 0.30') ? shown : null;
    });
    for (const record of records) {
      const atThreshold = formatPercent(record.results.maxBoxAcc!.accuracies[30]);
      assert.ok(text.includes(atThreshold), `accuracy at τ = 0.30 (${atThreshold}) is shown in\n${text}`);
    }
    assert.strictEqual(lens.localisation()?.shownRuns, runs, 'moving the slider asks the engine for nothing');
    const label = await askLauncher({ action: 'webviewText', selector: 'label[for="threshold-slider"]' });
    assert.match(label?.text ?? '', /0\.30/);
    await askLauncher({ action: 'screenshot', name: 'localisation', waitFor: 'canvas.cam-canvas' });
    // Clicking a canvas of the second row scrolls it into view: the screenshot then shows two rows of images.
    await askLauncher({ action: 'clickInWebview', selector: '.image-card:nth-child(4) canvas.cam-canvas' });
    await askLauncher({ action: 'screenshot', name: 'localisation-images' });
  });

  test('a hidden panel comes back with its runs and its threshold, without computing again', async function () {
    if (!hasLauncher()) return this.skip();
    const { lens } = await lensExtension();
    const panel = await until('the localisation panel', () => lens.localisation());
    const runs = panel.shownRuns;
    const readme = vscode.Uri.file(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'README.txt'));
    await vscode.window.showTextDocument(readme, { viewColumn: panel.panel.viewColumn, preview: false });
    await until('the panel to be hidden', () => !panel.panel.visible);
    panel.panel.reveal();
    await until('the panel to be visible', () => panel.panel.visible);
    const label = await askLauncher({ action: 'webviewText', selector: 'label[for="threshold-slider"]' });
    assert.match(label?.text ?? '', /0\.30/, 'the threshold was kept with setState');
    assert.strictEqual(panel.shownRuns, runs);
  });

  test('choosing another normalisation runs both models again with it, and the settings line says so', async function () {
    if (!hasLauncher()) return this.skip();
    const { lens } = await lensExtension();
    const before = await shownRuns(lens);
    await askLauncher({ action: 'setInWebview', selector: '#normalisation-select', value: 'pas' });
    const after = await until('runs with PaS', () => {
      const panel = lens.localisation();
      const shown = panel && !panel.busy ? panel.shownRuns?.map((run) => run.record) : null;
      return shown && panel?.shownRuns !== before && shown.every((r) => r.results.settings.normalisation === 'pas') ? shown : null;
    }, 240000);
    assert.strictEqual(after.length, 2);
    await until('the settings line to name PaS', async () => /PaS normalisation/.test((await askLauncher({ action: 'webviewText', selector: '.settings-line' }))?.text ?? ''));
    const text = await metricsText(after.length);
    for (const record of after) assert.ok(text.includes(formatPercent(record.results.maxBoxAcc!.maxAccuracy)), `PaS MaxBoxAcc ${formatPercent(record.results.maxBoxAcc!.maxAccuracy)} is shown in\n${text}`);
  });

  test('a saved cam run opens from the runs view without computing', async () => {
    const { lens } = await lensExtension();
    const [{ record }] = await shownRuns(lens);
    const file = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.robustness-lens', 'runs', record.id, 'record.json');
    await vscode.commands.executeCommand('robustnessLens.openRun', file);
    const reopened = await until('the saved run', () => {
      const shown = lens.localisation()?.shownRuns;
      return shown?.length === 1 ? shown : null;
    });
    assert.strictEqual(reopened[0].record.id, record.id);
    assert.strictEqual(reopened[0].file, file);
    assert.strictEqual(lens.localisation()?.busy, false, 'nothing is computed');
    if (hasLauncher()) {
      const text = await metricsText(1);
      assert.ok(text.includes(formatPercent(record.results.maxBoxAcc!.maxAccuracy)));
    }
  });
});
