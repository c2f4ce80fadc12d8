// What one forward pass of a batch under one condition leaves for the sweep: each image's softmax row, top-1 class,
// confidence (max softmax probability, definitions.md §5) and true-class probability. The full rows are kept so that
// per-image probabilities can be saved and any number recomputed from them.
import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../model/classifier';

export interface ConditionOutputs {
  classCount: number;
  /** Softmax probabilities, row-major [images, classes]. */
  probabilities: Float32Array;
  predicted: Int32Array;
  confidence: Float32Array;
  /** p(y|x) per image; null for unlabelled (out-of-distribution) images. */
  trueClassProbability: Float32Array | null;
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
