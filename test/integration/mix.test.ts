// The mix-preview panel in a real VS Code: opened through its command on both sample models with CutMix, the grid shown with
// both models' predictions and saved as a run, the λ slider re-requesting the grid, the PNG export, and Mixup and Puzzle Mix chosen from
// the webview.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RobustnessLensApi } from '../../src/extension/extension';
import type { MixResults } from '../../src/protocol/mix';
import type { RunRecord } from '../../src/protocol/records';
import { formatPercent } from '../../src/present/format';
import { askLauncher, hasLauncher, until, webviewTextIncluding } from './launcher';
import { lensExtension, sampleModels } from './lensExtension';


/** The run the panel shows once it is idle and `accept` holds for it. */
async function shownRecord(lens: RobustnessLensApi, what: string, accept: (record: RunRecord<MixResults>) => boolean = () => true): Promise<RunRecord<MixResults>> {
  return until(what, () => {
    const panel = lens.mix();
    const record = panel && !panel.busy ? panel.shownRecord : null;
    return record && accept(record) ? record : null;
  }, 120000);
}

/** The first pair's target bars as the webview shows them, once they include `expected`. */
async function firstTargetText(expected: string): Promise<string> {
  return until(`the first target bar to read ${expected}`, async () => {
    const text = (await askLauncher({ action: 'webviewText', selector: '.pair-card .target-bars' }))?.text ?? '';
    return text.includes(expected) ? text : null;
  });
}

suite('Mix preview panel', () => {
  suiteSetup(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
  });
  suiteTeardown(async () => { await vscode.commands.executeCommand('workbench.action.closeAllEditors'); });

  test('the command mixes sample pairs with CutMix, predicts with both sample models and saves the run', async () => {
    const { lens, extensionPath } = await lensExtension();
    const models = sampleModels(extensionPath);
    await vscode.commands.executeCommand('robustnessLens.openMixPreview', { modelPaths: models });
    const record = await shownRecord(lens, 'the CutMix preview');
    assert.strictEqual(record.spec.analysis, 'mix');
    assert.strictEqual(record.results.settings.method, 'cutmix');
    assert.strictEqual(record.results.pairs.length, 6);
    assert.deepStrictEqual(record.results.statistics.map((s) => s.modelPath), models);
    for (const pair of record.results.pairs) assert.deepStrictEqual(pair.predictions.map((p) => p.modelPath), models);
    const workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
    assert.ok(fs.existsSync(path.join(workspace, '.robustness-lens', 'runs', record.id, 'record.json')), 'the run is saved');
    const mixed = record.results.pairs[0].mixed;
    assert.ok(record.attachments.includes(mixed) && fs.existsSync(path.join(workspace, '.robustness-lens', 'runs', record.id, mixed)), `the mixed image ${mixed} is a file beside the record`);
    if (!hasLauncher()) return;
    await firstTargetText(formatPercent(record.results.pairs[0].target[0].probability));
  });

  test('moving the λ slider re-requests the grid with that λ, and the target bars follow', async function () {
    if (!hasLauncher()) return this.skip();
    const { lens } = await lensExtension();
    await shownRecord(lens, 'the first preview');
    // The slider is there only for a fixed λ: a sampled λ hides it.
    await askLauncher({ action: 'setInWebview', selector: '#lambda-mode', value: 'fixed' });
    await shownRecord(lens, 'a preview at the fixed λ 0.5', (r) => r.results.settings.lambda.kind === 'fixed');
    await askLauncher({ action: 'setInWebview', selector: '#lambda-slider', value: '0.7' });
    const record = await shownRecord(lens, 'a preview at λ = 0.7', (r) => r.results.settings.lambda.kind === 'fixed' && r.results.settings.lambda.value === 0.7);
    const [first] = record.results.pairs;
    assert.ok(first.lambda >= 0.7 - 1e-9, 'CutMix clips the box, which can only raise λ');
    await firstTargetText(formatPercent(first.target[0].probability));
    const label = await askLauncher({ action: 'webviewText', selector: 'label[for="lambda-slider"]' });
    assert.match(label?.text ?? '', /0\.70/);
    await webviewTextIncluding('.control-note', ['clipped to the image']);
    await askLauncher({ action: 'screenshot', name: 'mix-preview', waitFor: '.pair-card img' });
    await askLauncher({ action: 'scrollInWebview', selector: '.statistics-table' });
    await askLauncher({ action: 'screenshot', name: 'mix-preview-statistics' });
  });

  test('the shown grid exports as a PNG', async () => {
    const { lens } = await lensExtension();
    const panel = await until('the mix panel', () => lens.mix());
    await shownRecord(lens, 'a preview');
    const file = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'mix-export.png');
    await panel.writeGridPng(file);
    const bytes = fs.readFileSync(file);
    assert.deepStrictEqual([...bytes.subarray(1, 4)], [...Buffer.from('PNG')]);
  });

  test('choosing Mixup from the webview mixes again with Mixup, and the snippet shows Mixup code', async function () {
    if (!hasLauncher()) return this.skip();
    const { lens } = await lensExtension();
    await askLauncher({ action: 'setInWebview', selector: '#method-select', value: 'mixup' });
    const record = await shownRecord(lens, 'a Mixup preview', (r) => r.results.settings.method === 'mixup');
    assert.ok(record.results.pairs.every((p) => Math.abs(p.lambda - 0.7) < 1e-9), 'Mixup keeps the fixed λ exactly');
    await until('the Mixup snippet', async () => /def mixup\(x, y\)/.test((await askLauncher({ action: 'webviewText', selector: '.snippet' }))?.text ?? ''));
  });

  test('choosing Puzzle Mix runs it as the authors\' code (g drawn, transport on) and the grid says how it ran; fixing g = 2 uses the exact solver', async function () {
    if (!hasLauncher()) return this.skip();
    const { lens } = await lensExtension();
    await askLauncher({ action: 'setInWebview', selector: '#method-select', value: 'puzzlemix' });
    const drawn = await shownRecord(lens, 'a Puzzle Mix preview', (r) => r.results.settings.method === 'puzzlemix');
    const puzzle = drawn.results.settings.puzzle;
    assert.ok(puzzle && puzzle.grid === 'random' && puzzle.transport, 'g drawn and transport on by default');
    assert.ok([2, 4, 8, 16].includes(puzzle.gridUsed));
    await webviewTextIncluding('.puzzle-run', [`g = ${puzzle.gridUsed} (drawn from 2, 4, 8, 16)`, 'transport ξ = 0.8', `neighbourhood ${puzzle.neighbourhood} px`]);
    await askLauncher({ action: 'setInWebview', selector: '#puzzle-grid', value: '2' });
    const fixed = await shownRecord(lens, 'a Puzzle Mix preview on a fixed 2×2 grid', (r) => r.results.settings.puzzle?.grid === 2);
    assert.strictEqual(fixed.results.settings.puzzle?.solver, 'exact');
    await webviewTextIncluding('.puzzle-run', ['g = 2 (fixed)', 'mask by enumerating every mask (exact)']);
    await askLauncher({ action: 'scrollInWebview', selector: '#method-select' });
    await askLauncher({ action: 'screenshot', name: 'mix-puzzle' });
  });
});
