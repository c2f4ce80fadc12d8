// The sweep's max logit and energy scores: taken from the model's logits, labelled when those are log-probabilities, and
// left out (MSP only) for a model whose logits cannot be computed (definitions.md §5, OOD scores).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../../../src/engine/model/classifier';
import { UserFacingError } from '../../../src/engine/errors';
import { logitKindOf, outputsFromProbabilities, withLogitScores } from '../../../src/engine/sweep/conditionOutputs';

type Inspection = Classifier['inspection'];
const inspection = (outputKind: 'logits' | 'softmax', logitsSource: string | null): Inspection => ({ outputKind, logitsSource } as Inspection);

test('max logit and energy come from the logits; logits are log-probabilities only for a softmax output without its source', async () => {
  const images = tf.zeros([2, 1, 1, 3]) as tf.Tensor4D;
  const logits = [[2, 0, 0], [Math.log(0.5), Math.log(0.25), Math.log(0.25)]];
  const classifier = { inspection: inspection('softmax', 'dense_1'), predictLogits: async () => tf.tensor2d(logits) as tf.Tensor2D };
  const outputs = outputsFromProbabilities(Float32Array.from([0.8, 0.1, 0.1, 0.5, 0.25, 0.25]), 3, null);
  const scored = await withLogitScores(classifier, images, outputs);
  assert.equal(scored.logitScores?.kind, 'logits');
  assert.deepEqual(Array.from(scored.logitScores?.maxLogit ?? []), [2, Math.fround(Math.log(0.5))]);
  // By hand: log(e² + 2) for the first row; log(0.5 + 0.25 + 0.25) = 0 for log-probabilities.
  assert.ok(Math.abs((scored.logitScores?.energy[0] ?? NaN) - Math.log(Math.exp(2) + 2)) < 1e-6);
  assert.ok(Math.abs(scored.logitScores?.energy[1] ?? NaN) < 1e-6);
  assert.equal(logitKindOf({ inspection: inspection('softmax', null) }), 'log-probabilities');
  assert.equal(logitKindOf({ inspection: inspection('logits', null) }), 'logits');
  const unavailable = { inspection: inspection('softmax', 'probs'), predictLogits: async (): Promise<tf.Tensor2D> => { throw new UserFacingError('no interpreter', 'unsupported'); } };
  assert.equal(await withLogitScores(unavailable, images, outputs), outputs, 'no logits: MSP only');
  const broken = { inspection: inspection('logits', null), predictLogits: async (): Promise<tf.Tensor2D> => { throw new Error('bug'); } };
  await assert.rejects(withLogitScores(broken, images, outputs), /bug/, 'other errors are not hidden');
  images.dispose();
});
