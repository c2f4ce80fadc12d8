// Inspects and runs a TensorFlow SavedModel through its serving signature; only its final output is reachable.
import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '../errors';
import type { OpenedModel } from './forwardPass';
import { camHeadInfo, imageInputShape } from './inspectionRules';
import type { SavedModel } from './savedModel';

/** The signature's single output tensor (the first, for named or listed outputs). */
function firstOutput(result: tf.Tensor | tf.Tensor[] | tf.NamedTensorMap): tf.Tensor2D {
  if (result instanceof tf.Tensor) return result as tf.Tensor2D;
  return (Array.isArray(result) ? result[0] : Object.values(result)[0]) as tf.Tensor2D;
}

/** Whether every row of `scores` is non-negative and sums to 1, i.e. the signature already applies softmax. */
async function looksLikeProbabilities(scores: tf.Tensor2D): Promise<boolean> {
  const [minimum, worstSumError] = await Promise.all([
    scores.min().data(),
    tf.tidy(() => scores.sum(1).sub(1).abs().max()).data(),
  ]);
  return minimum[0] >= 0 && worstSumError[0] < 1e-3;
}

/** Inspection and forward pass for a SavedModel in `dir`; feature maps are not reachable through a serving signature. */
export async function openSavedModel(model: SavedModel, dir: string): Promise<OpenedModel> {
  const warnings = ['A SavedModel only exposes its final output: feature maps (CAM, Grad-CAM) are unavailable. Convert it with tensorflowjs_converter to analyse them.'];
  if (model.inputs.length !== 1) throw new UserFacingError(`${dir} has ${model.inputs.length} inputs; Robustness Lens needs a classifier with one image input.`, 'unsupported');
  const inputShape = imageInputShape((model.inputs[0].shape ?? []).map((d) => (d < 0 ? null : d)), dir);
  const probe = tf.tidy(() => firstOutput(model.predict(tf.randomUniform([2, ...inputShape]), {})));
  const softmax = await looksLikeProbabilities(probe);
  const numClasses = probe.shape[1];
  probe.dispose();
  if (softmax) warnings.push('The output looks like softmax probabilities; logits are taken as their logarithm (equal to the true logits up to a constant per image).');
  // log p is a valid logit vector: softmax(log p) = p.
  const logits = (x: tf.Tensor4D): tf.Tensor2D => tf.tidy(() => {
    const out = firstOutput(model.predict(x, {}));
    return softmax ? tf.log(tf.maximum(out, 1e-12)) as tf.Tensor2D : out;
  });
  const probabilities = (x: tf.Tensor4D): tf.Tensor2D => tf.tidy(() => (softmax ? firstOutput(model.predict(x, {})) : tf.softmax(firstOutput(model.predict(x, {})))));
  return {
    inspection: {
      path: dir, format: 'saved-model', inputShape, parameterCount: 0, layers: [], numClasses, warnings,
      outputKind: softmax ? 'softmax' : 'logits', logitsSource: null, lastConvLayer: null,
      camHead: camHeadInfo({ pooling: null, denseLayers: [], featureLayer: null }),
    },
    forward: {
      logits,
      probabilities,
      predict: async (x) => probabilities(x),
      featuresAndLogits: () => {
        throw new UserFacingError('Feature maps are not available for a SavedModel. Convert it with tensorflowjs_converter to use CAM methods.', 'unsupported');
      },
      headFromFeatures: () => {
        throw new UserFacingError('A SavedModel runs only as a whole through its serving signature, so its head cannot be applied to a feature map (Grad-CAM). Convert it with tensorflowjs_converter to use CAM methods.', 'unsupported');
      },
      denseHeadWeights: () => {
        throw new UserFacingError('The layers of a SavedModel are not reachable through its serving signature, so classic CAM is unavailable. Convert it with tensorflowjs_converter to use CAM methods.', 'unsupported');
      },
      dispose: () => model.dispose(),
    },
  };
}
