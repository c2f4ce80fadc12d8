// A real Keras 3 architecture in a real VS Code (keras.applications' EfficientNet, starting with its own Rescaling and
// Normalization layers): the overview gives Keras's own probabilities, the localisation panel its maps and MaxBoxAcc,
// and the states a user meets with real data: a folder without boxes (maps only), and a sweep where FGSM cannot run
// for one model (a dilated convolution has no gradient in TF.js), shown as a failed cell beside the other model's row.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import * as tf from '@tensorflow/tfjs';
import type { RobustnessLensApi } from '../../src/extension/extension';
import type { CamResults } from '../../src/protocol/cam';
import type { RunRecord } from '../../src/protocol/records';
import type { SweepResults } from '../../src/protocol/sweep';
import type { SavedRun } from '../../src/extension/panels/savedRun';
import { saveLayersModel } from '../../src/engine/model/tfjsFiles';
import { formatPercent } from '../../src/present/format';
import { type PackedArray, unpack } from '../fixtures/oracleArrays';
import { askLauncher, hasLauncher, until, webviewTextIncluding } from './launcher';
import { lensExtension, sampleModels } from './lensExtension';

function workspacePath(...parts: string[]): string {
  return path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, ...parts);
}

const kerasModel = () => workspacePath('models', 'keras', 'efficientnet.keras');

/** What Keras itself printed for the first sample images (scripts/keras-fixtures/make_keras_fixtures.py). */
interface KerasOracle { imageIds: string[]; probabilities: PackedArray; inputScale: string }

async function shownCamRuns(lens: RobustnessLensApi, previous?: readonly SavedRun<CamResults>[] | null): Promise<readonly SavedRun<CamResults>[]> {
  return until('localisation results', () => {
    const panel = lens.localisation();
    return panel && !panel.busy && panel.shownRuns !== previous ? panel.shownRuns : null;
  }, 240000);
}

/** 64×64×3 → Conv2D 3×3 with dilation 2 → GAP → Dense(10): a dilated convolution, whose gradient TF.js lacks. */
async function writeDilatedModel(dir: string): Promise<string> {
  const model = tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [64, 64, 3], filters: 8, kernelSize: 3, dilationRate: 2, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), name: 'dilated' }),
    tf.layers.globalAveragePooling2d({ name: 'gap' }),
    tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }), name: 'predictions' }),
  ] });
  await saveLayersModel(model, dir);
  model.dispose();
  return path.join(dir, 'model.json');
}

suite('A real Keras architecture, and data without boxes or gradients', () => {
  suiteSetup(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
  });
  suiteTeardown(async () => { await vscode.commands.executeCommand('workbench.action.closeAllEditors'); });

  test('the overview opens a Keras 3 EfficientNet and predicts Keras\'s own probabilities', async () => {
    const { lens, extensionPath } = await lensExtension();
    const modelPath = kerasModel();
    await vscode.commands.executeCommand('robustnessLens.openModel', vscode.Uri.file(modelPath));
    const model = await until('the Keras model to load', () => lens.overviewFor(modelPath)?.loadedModel, 120000);
    assert.strictEqual(model.inspection.format, 'keras-v3');
    assert.deepStrictEqual(model.inspection.lastConvLayer, { name: 'top_activation', shape: [2, 2, 320] });
    assert.ok(model.inspection.camHead.applicable, model.inspection.camHead.reason);
    const oracle = JSON.parse(fs.readFileSync(path.join(extensionPath, 'test', 'fixtures', 'keras', 'efficientnet.oracle.json'), 'utf8')) as KerasOracle;
    assert.strictEqual(oracle.inputScale, 'raw255');
    assert.deepStrictEqual(model.profile.scaling, { kind: 'raw255' }, 'the model rescales and normalises inside, so it gets raw pixels');
    if (!hasLauncher()) return;
    const panel = await until('the overview panel', () => lens.overviewFor(modelPath));
    await askLauncher({ action: 'clickInWebview', selector: 'vscode-button:has-text("Predict on sample set")' });
    const record = await until('predictions', () => panel.shownRecord, 180000);
    const expected = unpack(oracle.probabilities);
    const classes = expected.length / oracle.imageIds.length;
    for (const [row, id] of oracle.imageIds.entries()) {
      const prediction = record.results.predictions.find((p) => p.path.endsWith(id));
      assert.ok(prediction, `${id} is predicted`);
      const keras = Array.from(expected.subarray(row * classes, (row + 1) * classes));
      const best = keras.indexOf(Math.max(...keras));
      assert.strictEqual(prediction.top[0].index, best, `${id}: Keras's top class`);
      assert.ok(Math.abs(prediction.top[0].probability - keras[best]) <= 1e-4, `${id}: p = ${prediction.top[0].probability}, Keras ${keras[best]}`);
    }
    const shown = await askLauncher({ action: 'webviewText', selector: 'section[aria-labelledby="inspection-heading"]' });
    assert.match(shown?.text ?? '', /top_activation/);
    await askLauncher({ action: 'screenshot', name: 'overview-keras' });
  });

  test('the localisation panel maps the Keras model on the sample set and scores its boxes', async () => {
    const { lens } = await lensExtension();
    await vscode.commands.executeCommand('robustnessLens.openLocalisation', { modelPaths: [kerasModel()] });
    const [run] = await shownCamRuns(lens);
    const { results } = run.record;
    assert.strictEqual(results.modelPath, kerasModel());
    assert.ok(results.maxBoxAcc, 'the sample set has boxes');
    assert.ok(results.images.length > 0 && results.images[0].overlay);
    if (!hasLauncher()) return;
    await webviewTextIncluding('.metrics-table', [formatPercent(results.maxBoxAcc.maxAccuracy)]);
    await askLauncher({ action: 'screenshot', name: 'localisation-keras', waitFor: 'canvas.cam-canvas' });
  });

  test('a folder of images without boxes gives maps and says why there is no box metric', async () => {
    const { lens, extensionPath } = await lensExtension();
    const photos = workspacePath('photos');
    fs.mkdirSync(photos, { recursive: true });
    const sampleImages = path.join(extensionPath, 'samples', 'data', 'images');
    for (const name of fs.readdirSync(sampleImages).sort().slice(0, 6)) fs.copyFileSync(path.join(sampleImages, name), path.join(photos, name));
    const before = lens.localisation()?.shownRuns;
    await vscode.commands.executeCommand('robustnessLens.openLocalisation', { modelPaths: [kerasModel()], data: photos });
    const [run] = await shownCamRuns(lens, before);
    const { results } = run.record;
    assert.strictEqual(results.images.length, 6, 'a map for every image');
    assert.strictEqual(results.maxBoxAcc, null, 'no box metric without boxes');
    if (!hasLauncher()) return;
    await webviewTextIncluding('#metrics-heading', ['Class activation maps']);
    await webviewTextIncluding('.table-note', ['No image has a ground-truth box']);
    await askLauncher({ action: 'screenshot', name: 'localisation-no-boxes', waitFor: 'canvas.cam-canvas' });
  });

  test('a sweep where FGSM cannot run for one model shows that cell as failed and keeps everything else', async () => {
    const { lens, extensionPath } = await lensExtension();
    const dilated = await writeDilatedModel(workspacePath('models', 'dilated'));
    const [baseline] = sampleModels(extensionPath);
    await vscode.commands.executeCommand('robustnessLens.openSweep', {
      modelPaths: [baseline, dilated],
      analyses: { corruptions: ['contrast'], severities: [3], fgsmEpsilons: [8 / 255], occlusion: false, oodFolder: null, limit: 16 },
    });
    const panel = await until('the sweep panel', () => lens.sweep());
    if (hasLauncher()) {
      await webviewTextIncluding('.plan', ['16', 'forward passes']);
      await askLauncher({ action: 'clickInWebview', selector: '#start-sweep' });
    } else {
      await panel.start();
    }
    const record: RunRecord<SweepResults> = await until('the sweep results', () => (!panel.busy ? panel.shownRecord : null), 240000);
    const [ok, failed] = record.results.models;
    assert.ok(ok.fgsm !== null && (ok.failedConditions ?? []).length === 0, 'the sample model has its FGSM numbers');
    assert.strictEqual(failed.fgsm, null);
    assert.match(failed.failedConditions?.[0]?.message ?? '', /dilated convolutions/);
    assert.ok(failed.corruptions.length === 1, 'the failed model keeps its corruption numbers');
    if (!hasLauncher()) return;
    await webviewTextIncluding('.summary-table', ['baseline', 'dilated', 'failed']);
    await askLauncher({ action: 'screenshot', name: 'sweep-failed-cell', waitFor: '.summary-table' });
  });
});
