// The localisation panel offers every registered method: the host accepts each in a run message, each has a label.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseLocalisationMessage } from '../../../src/extension/panels/localisationMessages';
import { camMethodNames, camMethods } from '../../../src/protocol/rpc';
import { camMethodLabels } from '../../../webview/shared/camSettings';

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
