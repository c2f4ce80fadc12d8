// The robustness sweep panel in a real VS Code: a small sweep of both sample models planned, started from the panel,
// its table (both rows, the mCE column) and saved record checked, the gallery filtered to flips, and the saved run reopened.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RobustnessLensApi } from '../../src/extension/extension';
import type { SweepAnalyses } from '../../src/protocol/messages/sweep';
import type { RunRecord } from '../../src/protocol/records';
import type { SweepResults } from '../../src/protocol/sweep';
import { askLauncher, hasLauncher, until, webviewTextIncluding } from './launcher';
import { lensExtension, sampleModels } from './lensExtension';


/** Small enough for ~30 s on two cores: 24 images, 3 corruptions × 2 severities, FGSM at 8/255 and occlusion. */
const SMALL_SWEEP: SweepAnalyses = {
  corruptions: ['gaussian_noise', 'defocus_blur', 'contrast'], severities: [3, 5], fgsmEpsilons: [8 / 255], occlusion: true, oodFolder: null, limit: 24,
};

async function shownRecord(lens: RobustnessLensApi): Promise<RunRecord<SweepResults>> {
  return until('the sweep results', () => {
    const panel = lens.sweep();
    return panel && !panel.busy ? panel.shownRecord : null;
  }, 240000);
}

suite('Robustness sweep panel', () => {
  suiteSetup(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
  });
  suiteTeardown(async () => { await vscode.commands.executeCommand('workbench.action.closeAllEditors'); });

  test('plans a small sweep of both sample models, runs it from the panel, shows the table and saves the run', async () => {
    const { lens, extensionPath } = await lensExtension();
    const models = sampleModels(extensionPath);
    await vscode.commands.executeCommand('robustnessLens.openSweep', { modelPaths: models, analyses: SMALL_SWEEP });
    const panel = await until('the sweep panel', () => lens.sweep());
    if (hasLauncher()) {
      await webviewTextIncluding('.plan', ['24', 'forward passes']);
      await askLauncher({ action: 'clickInWebview', selector: '#start-sweep' });
    } else {
      await panel.start();
    }
    const record = await shownRecord(lens);
    const { results } = record;
    assert.strictEqual(record.spec.analysis, 'sweep');
    assert.strictEqual(results.partial, false);
    assert.strictEqual(results.imageCount, 24);
    assert.deepStrictEqual(results.models.map((m) => m.modelId), models);
    assert.ok(results.models.every((m) => m.corruptions.length === 3 && m.fgsm !== null && m.occlusion !== null));
    const workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
    assert.ok(fs.existsSync(path.join(workspace, '.robustness-lens', 'runs', record.id, 'record.json')), 'the run is saved');
    if (!hasLauncher()) return;
    const table = await webviewTextIncluding('.summary-table', ['baseline', 'cutmix', 'mCE', 'Rel. mCE', 'FGSM']);
    const clean = results.summary?.rows.map((row) => (row.clean * 100).toFixed(1)) ?? [];
    for (const value of clean) assert.ok(table.includes(value), `clean error ${value} is shown in\n${table}`);
    await webviewTextIncluding('.facts', ['Seed', 'Images', 'JPEG round trip']);
    await askLauncher({ action: 'screenshot', name: 'sweep', waitFor: '.summary-table' });
    // The charts, drawn by Observable Plot in the page: each model's legend entry, the reliability diagrams' and the OOD
    // histograms' legends, and the reliability diagrams' SVG.
    await webviewTextIncluding('.chart-section .chart-box', ['baseline', 'cutmix', 'severity']);
    await askLauncher({ action: 'scrollInWebview', selector: '.chart-section .chart-box svg.lens-plot' });
    await askLauncher({ action: 'screenshot', name: 'sweep-curves' });
    await webviewTextIncluding('.chart-grid', ['baseline: accuracy', 'cutmix: accuracy', 'in-distribution']);
    await askLauncher({ action: 'scrollInWebview', selector: '.chart-grid svg.lens-plot' });
    await askLauncher({ action: 'screenshot', name: 'sweep-calibration' });
  });

  test('the gallery filters to the images whose prediction flips', async function () {
    if (!hasLauncher()) return this.skip();
    const { lens } = await lensExtension();
    const { results } = await shownRecord(lens);
    const flips = results.gallery.filter((entry) => entry.predictions.some((p) => p.flipped));
    await askLauncher({ action: 'setInWebview', selector: '#gallery-filter', value: 'flipped' });
    await askLauncher({ action: 'scrollInWebview', selector: '#gallery-filter' });
    if (flips.length) {
      const text = await webviewTextIncluding('.gallery-grid', ['flipped']);
      assert.strictEqual(text.split('flipped').length - 1, flips.length, `only the ${flips.length} flipped examples are listed:\n${text}`);
    } else {
      await webviewTextIncluding('.empty-note', ['No prediction flips']);
    }
    await askLauncher({ action: 'screenshot', name: 'sweep-gallery' });
  });

  test('a saved sweep run opens from the runs view without computing', async () => {
    const { lens } = await lensExtension();
    const record = await shownRecord(lens);
    const file = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.robustness-lens', 'runs', record.id, 'record.json');
    await vscode.commands.executeCommand('robustnessLens.openRun', file);
    const reopened = await until('the saved run', () => {
      const shown = lens.sweep()?.shownRecord;
      return shown && shown !== record ? shown : null;
    });
    assert.strictEqual(reopened.id, record.id);
    assert.strictEqual(lens.sweep()?.busy, false, 'nothing is computed');
    if (hasLauncher()) await webviewTextIncluding('.summary-table', ['baseline', 'cutmix']);
  });
});
