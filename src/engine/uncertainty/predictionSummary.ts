// Per-image max softmax probability, top-1 class and true-class probability: the inputs of calibration and OOD scores (definitions.md §5).
import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../model/classifier';
import { labelTensor } from '../metrics/topOneErrors';

export interface PredictionSummary {
  /** Max softmax probability per image: the confidence of ECE and the OOD score. */
  confidence: Float32Array;
  /** Top-1 class per image. */
  predicted: Int32Array;
  /** p(y|x) per image for the given labels; null when no labels were given. */
  trueClassProbability: Float32Array | null;
}

/** One forward pass over `images` [b, H, W, 3] in [0, 1]; only three numbers per image leave the backend. The input is not disposed. */
export async function summarisePredictions(classifier: Pick<Classifier, 'predict'>, images: tf.Tensor4D, labels: ArrayLike<number> | null): Promise<PredictionSummary> {
  const probabilities = await classifier.predict(images);
  const read: tf.Tensor[] = [];
  const readBack = async <T>(t: tf.Tensor): Promise<T> => {
    read.push(t);
    return (await t.data()) as T;
  };
  try {
    const classCount = probabilities.shape[1];
    return {
      confidence: await readBack<Float32Array>(tf.max(probabilities, 1)),
      predicted: await readBack<Int32Array>(tf.argMax(probabilities, 1)),
      trueClassProbability: labels
        ? await readBack<Float32Array>(tf.tidy(() => tf.sum(tf.mul(probabilities, tf.oneHot(labelTensor(labels, images.shape[0], classCount), classCount)), 1)))
        : null,
    };
  } finally {
    tf.dispose([probabilities, ...read]);
  }
}
