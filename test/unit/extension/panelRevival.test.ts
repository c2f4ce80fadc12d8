// What a panel VS Code restores after a window reload comes back on: the saved runs its webview's state names when
// they can be reopened, else (localisation, mix) its settings to compute again with a notice saying why; nothing when
// a path in the state is not allowed where the panel cannot do without it.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_MIX_CHOICES } from '../../../src/protocol/messages/mix';
import { localisationTargetOfState } from '../../../src/extension/panels/localisationTarget';
import { mixTargetOfState } from '../../../src/extension/panels/mixTarget';
import { overviewTargetOfState } from '../../../src/extension/panels/overviewTarget';
import type { StatePaths } from '../../../src/extension/panels/savedRun';
import { sweepTargetOfState } from '../../../src/extension/panels/sweepTarget';
import { temporaryFolder } from '../../fixtures/temporaryFolders';

const root = temporaryFolder('panel-revival-');
const runs = path.join(root, 'runs');
const models = [path.join(root, 'a', 'model.json'), path.join(root, 'b', 'model.json')];
const data = path.join(root, 'data');

/** Allows what lies under the test folder, as workspacePaths.ts allows the workspace and the runs folder. */
const paths: StatePaths = {
  file: (candidate) => (path.resolve(candidate).startsWith(root) ? path.resolve(candidate) : null),
  recordFile: (candidate) => (path.resolve(candidate).startsWith(runs) ? path.resolve(candidate) : null),
};

/** Writes a run record of `analysis` whose results are `results` over an empty run of that analysis; returns its file. */
function savedRecord(id: string, analysis: 'cam' | 'mix' | 'predict', results: object): string {
  const file = path.join(runs, id, 'record.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({
    schemaVersion: 1, id, createdAt: '2026-01-01T00:00:00.000Z',
    spec: { analysis, models: [{ path: models[0], profile }], data, params: {}, seed: 0 },
    results: { ...emptyResults[analysis], ...results },
    timings: { totalMs: 1, imagesPerSecond: null },
    backend: { name: 'cpu', device: 'CPU', deviceName: null, label: 'TF.js cpu · CPU', adapter: null, log: [], tfjsVersion: '4.22.0', threads: 1 },
    versions: { robustnessLens: '0.1.0', tfjs: '4.22.0' },
    attachments: [],
  }));
  return file;
}

const profile = { version: 1, inputSize: [64, 64], resize: 'stretch', centerCropFraction: 1, scaling: { kind: 'unit' }, channelOrder: 'RGB', guessed: false };
const mixSettings = { method: 'mixup', pairing: { kind: 'random', count: 3 }, lambda: { kind: 'fixed', value: 0.3 }, cutoutSide: null, puzzle: null, seed: 7, inputSize: [64, 64] };
/** A run of each analysis on no image: what every reader of its record finds. */
const emptyResults = {
  cam: {
    modelPath: models[0], imageCount: 0, thresholds: [0, 0.5], boxThreshold: 0.2, maxBoxAcc: null, maxBoxAccV2: null, localisation: null,
    images: [], scoremapFolder: null, overlayFolder: null, skipped: [], warnings: [],
  },
  mix: { settings: mixSettings, classNames: [], pairs: [], statistics: [], warnings: [] },
  predict: { modelPath: models[0], predictions: [], skipped: [], top1Accuracy: null, labelledCount: 0, warnings: [] },
};

const camSettings = { method: 'gradcam', normalisation: 'pas', target: 'gt' };
const camRunSettings = { ...camSettings, ivrPercentile: null, layer: 'conv', evaluationSize: 224, thresholdStep: 0.01, inputSize: [64, 64] };
const camFiles = [savedRecord('cam-a', 'cam', { settings: camRunSettings }), savedRecord('cam-b', 'cam', { settings: camRunSettings })];
const localisationState = { modelPaths: models, data, choices: { method: 'cam', normalisation: 'minmax', target: 'top1' }, display: { colorMap: 'jet', opacity: 0.5, thresholdIndex: 3 } };

test('a localisation panel comes back on its saved runs, with the choices they were computed with', async () => {
  const target = await localisationTargetOfState({ ...localisationState, recordFiles: camFiles }, paths);
  assert.deepEqual(target?.runs?.map((run) => [run.file, run.record.id]), [[camFiles[0], 'cam-a'], [camFiles[1], 'cam-b']]);
  assert.deepEqual(target?.choices, { ...camSettings, faithfulness: false });
  assert.equal(target?.notice, null);
});

test('a localisation panel whose saved run is gone computes again with its settings and says which run is gone', async () => {
  const target = await localisationTargetOfState({ ...localisationState, recordFiles: [camFiles[0], path.join(runs, 'cam-gone', 'record.json')] }, paths);
  assert.equal(target?.runs, null);
  assert.deepEqual(target?.choices, localisationState.choices);
  assert.equal(target?.notice, "The saved run cam-gone is gone: localising again with the panel's settings.");
});

test('a damaged saved run is not reopened, and the notice names its bad field', async () => {
  const damaged = savedRecord('cam-damaged', 'cam', { settings: { ...camRunSettings, evaluationSize: 'large' } });
  const target = await localisationTargetOfState({ ...localisationState, recordFiles: [damaged] }, paths);
  assert.equal(target?.runs, null);
  assert.match(target?.notice ?? '', /^The saved run cam-damaged is not a valid run record \(.*is a damaged cam run record \(field 'results\.settings\.evaluationSize' is invalid/);
});

test('a saved run outside the allowed folders, or of another analysis, is not reopened', async () => {
  const outside = await localisationTargetOfState({ ...localisationState, recordFiles: ['/etc/record.json'] }, paths);
  assert.equal(outside?.runs, null);
  assert.match(outside?.notice ?? '', /\/etc\/record\.json is outside the workspace and the runs folder/);
  const mixFile = savedRecord('mix-for-cam', 'mix', {});
  const otherAnalysis = await localisationTargetOfState({ ...localisationState, recordFiles: [mixFile] }, paths);
  assert.match(otherAnalysis?.notice ?? '', /mix-for-cam is not a cam run/);
});

test('a state saved before the panel kept its runs computes again without a notice; a disallowed model closes the panel', async () => {
  const older = await localisationTargetOfState(localisationState, paths);
  assert.deepEqual({ runs: older?.runs, notice: older?.notice }, { runs: null, notice: null });
  assert.equal(await localisationTargetOfState({ ...localisationState, modelPaths: ['/elsewhere/model.json'], recordFiles: camFiles }, paths), null);
});

test('a mix panel comes back on its saved run with the choices it was mixed with, or mixes again and says why', async () => {
  const file = savedRecord('mix-a', 'mix', {});
  const state = { modelPaths: models, data, choices: DEFAULT_MIX_CHOICES, recordFile: file };
  const restored = await mixTargetOfState(state, paths);
  assert.equal(restored?.run?.file, file);
  assert.deepEqual(restored?.choices, { ...DEFAULT_MIX_CHOICES, method: 'mixup', pairing: mixSettings.pairing, lambda: mixSettings.lambda, seed: 7 });
  const gone = await mixTargetOfState({ ...state, recordFile: path.join(runs, 'mix-gone', 'record.json') }, paths);
  assert.deepEqual({ run: gone?.run, choices: gone?.choices }, { run: null, choices: DEFAULT_MIX_CHOICES });
  assert.equal(gone?.notice, "The saved run mix-gone is gone: mixing again with the panel's settings.");
});

test('an overview panel comes back with its saved predictions, or without them and a notice', async () => {
  const file = savedRecord('predict-a', 'predict', {});
  const restored = await overviewTargetOfState({ modelPath: models[0], recordFile: file }, paths);
  assert.deepEqual({ modelPath: restored?.modelPath, file: restored?.run?.file, notice: restored?.notice }, { modelPath: models[0], file, notice: null });
  const gone = await overviewTargetOfState({ modelPath: models[0], recordFile: path.join(runs, 'predict-gone', 'record.json') }, paths);
  assert.equal(gone?.run, null);
  assert.equal(gone?.notice, 'The saved run predict-gone is gone: its predictions cannot be shown again.');
  assert.equal((await overviewTargetOfState({ modelPath: models[0] }, paths))?.run, null, 'a state saved before the panel kept its predictions');
});

test('a sweep panel comes back only on its saved run: a sweep is never run again unasked', async () => {
  assert.equal(await sweepTargetOfState({ recordFile: path.join(runs, 'sweep-gone', 'record.json'), corruption: null, galleryFilter: 'all' }, paths), null);
});
