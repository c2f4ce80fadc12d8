// The localisation panel offers every registered method: the host accepts each in a run message, each has a label;
// on a split dataset the protocol's candidates travel in the run message; the report exports as Markdown or CSV.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { panelCandidates } from '../../../src/extension/panels/localisationCandidates';
import { messageParser } from '../../../src/extension/panels/panelMessages';
import { localisationExportFormats, localisationWebviewMessageSchema } from '../../../src/protocol/messages/localisation';
import { camMethodNames, camMethods } from '../../../src/protocol/cam';
import { camMethodLabels } from '../../../src/present/camSettings';

const parseLocalisationMessage = messageParser(localisationWebviewMessageSchema);

test('the panel\'s run message accepts every CAM method and no other; every method has its own label', () => {
  for (const method of camMethods) {
    const message = { type: 'run', choices: { method, normalisation: 'minmax', target: 'top1' } };
    assert.deepEqual(parseLocalisationMessage(message), message, method);
  }
  assert.ok('error' in parseLocalisationMessage({ type: 'run', choices: { method: 'fullgrad', normalisation: 'minmax', target: 'top1' } }));
  assert.deepEqual(Object.keys(camMethodLabels).sort(), [...camMethods].sort());
  assert.equal(new Set(Object.values(camMethodNames)).size, camMethods.length, 'labels are distinct');
  assert.equal(camMethodLabels.occlusion, 'Occlusion sensitivity', 'occlusion sensitivity is offered as a map kind');
});

test('the run message keeps faithfulness and the protocol\'s candidates; empty or unknown candidates are refused', () => {
  const choices = { method: 'gradcam', normalisation: 'minmax', target: 'gt', faithfulness: true, candidates: { methods: ['gradcam', 'occlusion'], normalisations: ['minmax', 'ivr'] } };
  assert.deepEqual(parseLocalisationMessage({ type: 'run', choices }), { type: 'run', choices });
  for (const candidates of [{ methods: [], normalisations: ['minmax'] }, { methods: ['cam'], normalisations: [] }, { methods: ['fullgrad'], normalisations: ['minmax'] }]) {
    assert.ok('error' in parseLocalisationMessage({ type: 'run', choices: { ...choices, candidates } }), JSON.stringify(candidates));
  }
});

test('the protocol\'s candidates are every checkpoint × method × normalisation picked, or the single setting when none are', () => {
  const single = { method: 'layercam', normalisation: 'pas', target: 'top1' } as const;
  assert.deepEqual(panelCandidates(['a.onnx'], single), [{ modelId: 'a.onnx', method: 'layercam', normalisation: 'pas', layer: undefined }]);
  const picked = panelCandidates(['a.onnx', 'b.onnx'], { ...single, candidates: { methods: ['cam', 'occlusion'], normalisations: ['minmax', 'max'] } });
  assert.equal(picked.length, 8);
  assert.deepEqual(picked.slice(0, 4).map((c) => `${c.modelId} ${c.method} ${c.normalisation}`), ['a.onnx cam minmax', 'a.onnx cam max', 'a.onnx occlusion minmax', 'a.onnx occlusion max']);
});

test('the export message takes Markdown and CSV, the formats `cam --export` writes', () => {
  for (const format of localisationExportFormats) assert.deepEqual(parseLocalisationMessage({ type: 'export', format }), { type: 'export', format });
  assert.ok('error' in parseLocalisationMessage({ type: 'export', format: 'html' }));
});
