// The training loop for the sample models: shuffled mini-batches of the in-memory training images,
// optionally CutMix'ed (β = 1, every batch, labels mixed by the recomputed λ, as in the paper).
import * as tf from '@tensorflow/tfjs';
import { cutMixBatch } from '../../src/engine/mix/cutmixBox';
import type { SeededRandom } from '../../src/engine/random';
import { sampleImageSize, type SampleImage } from './makeSampleImage';

export interface TrainingPlan {
  epochs: number;
  batchSize: number;
  /** Apply CutMix to every batch when true. */
  cutMix: boolean;
  numClasses: number;
}

export interface TrainingLog {
  epochs: number;
  steps: number;
  seconds: number;
  imagesPerSecond: number;
  /** Mean loss and accuracy (against the possibly mixed targets' arg-max) over the last epoch. */
  lastEpochLoss: number;
  lastEpochAccuracy: number;
}

/** A [N, 64, 64, 3] batch in [0, 1] and its one-hot labels. */
function toBatch(images: SampleImage[], indices: number[], numClasses: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const size = sampleImageSize;
  const pixels = new Float32Array(indices.length * size * size * 3);
  const labels = new Int32Array(indices.length);
  indices.forEach((imageIndex, i) => {
    const { rgb, label } = images[imageIndex];
    const offset = i * rgb.length;
    for (let j = 0; j < rgb.length; j++) pixels[offset + j] = rgb[j] / 255;
    labels[i] = label;
  });
  return tf.tidy(() => ({ x: tf.tensor4d(pixels, [indices.length, size, size, 3]), y: tf.oneHot(tf.tensor1d(labels, 'int32'), numClasses).toFloat() as tf.Tensor2D }));
}

/** Trains a compiled model in place; `orderRng` fixes the batch order, `mixRng` the CutMix boxes. */
export async function trainSampleModel(model: tf.LayersModel, images: SampleImage[], plan: TrainingPlan, orderRng: SeededRandom, mixRng: SeededRandom, log: (line: string) => void): Promise<TrainingLog> {
  const stepsPerEpoch = Math.floor(images.length / plan.batchSize);
  const started = Date.now();
  let steps = 0;
  let lastEpochLoss = 0;
  let lastEpochAccuracy = 0;
  for (let epoch = 0; epoch < plan.epochs; epoch++) {
    const order = orderRng.permutation(images.length);
    let lossSum = 0;
    let accuracySum = 0;
    for (let step = 0; step < stepsPerEpoch; step++) {
      const { x, y } = toBatch(images, order.slice(step * plan.batchSize, (step + 1) * plan.batchSize), plan.numClasses);
      const inputs = plan.cutMix ? cutMixBatch(mixRng, x, y, 1) : { images: x, labels: y };
      const [loss, accuracy] = (await model.trainOnBatch(inputs.images, inputs.labels)) as number[];
      tf.dispose([x, y, inputs.images, inputs.labels]);
      lossSum += loss;
      accuracySum += accuracy;
      steps++;
      if (steps % 25 === 0) {
        const seconds = (Date.now() - started) / 1000;
        log(`epoch ${epoch + 1}/${plan.epochs} step ${step + 1}/${stepsPerEpoch} loss ${(lossSum / (step + 1)).toFixed(4)} acc ${(accuracySum / (step + 1)).toFixed(3)} · ${((steps * plan.batchSize) / seconds).toFixed(1)} img/s · ${seconds.toFixed(0)} s · tensors ${tf.memory().numTensors}`);
      }
    }
    lastEpochLoss = lossSum / stepsPerEpoch;
    lastEpochAccuracy = accuracySum / stepsPerEpoch;
    log(`epoch ${epoch + 1} done: loss ${lastEpochLoss.toFixed(4)} acc ${lastEpochAccuracy.toFixed(3)}`);
  }
  const seconds = (Date.now() - started) / 1000;
  return { epochs: plan.epochs, steps, seconds, imagesPerSecond: (steps * plan.batchSize) / seconds, lastEpochLoss, lastEpochAccuracy };
}
