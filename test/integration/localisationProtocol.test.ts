// The localisation panel on a wsolevaluation checkout's OpenImages metadata (train-fullsup and test splits, masks): the
// WSOL protocol chooses between the two sample checkpoints on train-fullsup, shows the chosen one's test PxAP and
// every checkpoint's train-fullsup PxAP, and saves the record with the choice.
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

async function shownRuns(lens: RobustnessLensApi): Promise<readonly SavedRun<CamResults>[]> {
  return until('protocol results', () => {
    const panel = lens.localisation();
    return panel && !panel.busy ? panel.shownRuns : null;
  }, 240000);
}

suite('Localisation protocol', () => {
  suiteTeardown(async () => { await vscode.commands.executeCommand('workbench.action.closeAllEditors'); });

  test('two checkpoints on a split mask dataset: chosen by PxAP on train-fullsup, test PxAP shown once, the choice saved', async () => {
    const { lens, extensionPath } = await lensExtension();
    const models = sampleModels(extensionPath);
    const data = path.join(extensionPath, 'test', 'fixtures', 'wsol-splits', 'metadata', 'OpenImages');
    await vscode.commands.executeCommand('robustnessLens.openLocalisation', { modelPaths: models, data });
    const runs = await shownRuns(lens);
    assert.strictEqual(runs.length, 1, 'one run: the chosen checkpoint on test');
    const { results } = runs[0].record;
    const protocol = results.protocol;
    assert.ok(protocol, 'the record says which split chose what');
    assert.strictEqual(protocol.metric, 'pxap');
    assert.strictEqual(protocol.candidates.length, 2);
    assert.strictEqual(results.modelPath, models[protocol.chosen], 'the test run is the chosen checkpoint\'s');
    assert.strictEqual(results.pxap, protocol.test);
    assert.ok(fs.existsSync(runs[0].file), 'the protocol run is saved');
    if (!hasLauncher()) return;
    const table = (await askLauncher({ action: 'webviewText', selector: '.pxap-table' }))?.text ?? '';
    assert.ok(table.includes(formatPercent(protocol.test)), table);
    const candidates = (await askLauncher({ action: 'webviewText', selector: '.protocol-table' }))?.text ?? '';
    for (const candidate of protocol.candidates) assert.ok(candidates.includes(formatPercent(candidate.trainFullsup)), candidates);
    assert.match(candidates, /chosen on train-fullsup/);
    // On a split dataset the panel picks the protocol's methods and normalisations; by default the single ones, so the two checkpoints are the candidates.
    const note = (await askLauncher({ action: 'webviewText', selector: '#protocol-note' }))?.text ?? '';
    assert.match(note, /WSOL protocol: 2 candidates \(2 checkpoints × 1 method × 1 normalisation\) scored on train-fullsup/);
    const exportButtons = (await askLauncher({ action: 'webviewText', selector: '.export-buttons' }))?.text ?? '';
    assert.match(exportButtons, /Export Markdown[\s\S]*Export CSV/);
    await askLauncher({ action: 'screenshot', name: 'localisation-protocol', waitFor: '.protocol-table' });
  });
});
