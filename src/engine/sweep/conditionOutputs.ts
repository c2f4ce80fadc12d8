// What one forward pass of a batch under one condition leaves for the sweep: each image's softmax row, top-1 class,
// confidence (max softmax probability, definitions.md §5) and true-class probability. The full rows are kept so that
// per-image probabilities can be saved and any number recomputed from them.
import * as tf from '@tensorflow/tfjs';
import type { SweepLogitKind } from '../../protocol/sweep';
import { UserFacingError } from '../errors';
import type { Classifier } from '../model/classifier';
import { oodScoresFromLogits } from '../uncertainty/oodScores';

export interface ConditionOutputs {
  classCount: number;
  /** Softmax probabilities, row-major [images, classes]. */
  probabilities: Float32Array;
  predicted: Int32Array;
  confidence: Float32Array;
  /** p(y|x) per image; null for unlabelled (out-of-distribution) images. */
  trueClassProbability: Float32Array | null;
  /** Max logit and energy per image (definitions.md §5, OOD scores), for the conditions that need them: clean and OOD sets. */
  logitScores?: LogitScores;
  /** The logits those scores were taken on, row-major [images, classes], for temperature scaling; present with logitScores. */
  logits?: { kind: SweepLogitKind; values: Float32Array };
}

export interface LogitScores {
  kind: SweepLogitKind;
  maxLogit: Float64Array;
  energy: Float64Array;
}

/** Logits are log-probabilities when the model ends in softmax but its logits could not be found (a SavedModel's output). */
export function logitKindOf(classifier: Pick<Classifier, 'inspection'>): SweepLogitKind {
  const { outputKind, logitsSource } = classifier.inspection;
  return outputKind === 'softmax' && logitsSource === null ? 'log-probabilities' : 'logits';
}

/**
 * `outputs` with the max logit and energy of `images` added: one more forward pass, through the model's logits on its fastest
 * path. A model whose logits cannot be computed (an ONNX model ending in softmax that the interpreter cannot run) keeps
 * `outputs` as they are, and its reports have the max softmax probability only.
 */
export async function withLogitScores(classifier: Pick<Classifier, 'predictLogits' | 'inspection'>, images: tf.Tensor4D, outputs: ConditionOutputs): Promise<ConditionOutputs> {
  let logits: tf.Tensor2D;
  try {
    logits = await classifier.predictLogits(images);
  } catch (err) {
    if (err instanceof UserFacingError) return outputs;
    throw err;
  }
  try {
    const values = (await logits.data()) as Float32Array;
    const { maxLogit, energy } = oodScoresFromLogits(values, logits.shape[1]);
    const kind = logitKindOf(classifier);
    return { ...outputs, logitScores: { kind, maxLogit, energy }, logits: { kind, values } };
  } finally {
    logits.dispose();
  }
}

/** The first index of the largest value of `row` (tf.argMax's tie rule). */
function argMax(row: Float32Array): number {
  let best = 0;
  for (let k = 1; k < row.length; k++) if (row[k] > row[best]) best = k;
  return best;
}

/** Per-image outputs from a [b, classes] probability matrix read back from the backend. */
export function outputsFromProbabilities(probabilities: Float32Array, classCount: number, labels: readonly number[] | null): ConditionOutputs {
  const count = probabilities.length / classCount;
  const predicted = new Int32Array(count);
  const confidence = new Float32Array(count);
  const trueClassProbability = labels ? new Float32Array(count) : null;
  for (let i = 0; i < count; i++) {
    const row = probabilities.subarray(i * classCount, (i + 1) * classCount);
    predicted[i] = argMax(row);
    confidence[i] = row[predicted[i]];
    if (trueClassProbability && labels) trueClassProbability[i] = row[labels[i]];
  }
  return { classCount, probabilities, predicted, confidence, trueClassProbability };
}

/** One forward pass of `images` (not disposed) through `classifier`; one matrix leaves the backend. */
export async function conditionOutputs(classifier: Pick<Classifier, 'predict'>, images: tf.Tensor4D, labels: readonly number[] | null): Promise<ConditionOutputs> {
  const probabilities = await classifier.predict(images);
  try {
    return outputsFromProbabilities((await probabilities.data()) as Float32Array, probabilities.shape[1], labels);
  } finally {
    probabilities.dispose();
  }
}

/** How many images `outputs` got wrong against `labels`. */
export function wrongCount(outputs: ConditionOutputs, labels: readonly number[]): number {
  let wrong = 0;
  for (let i = 0; i < labels.length; i++) if (outputs.predicted[i] !== labels[i]) wrong++;
  return wrong;
}
