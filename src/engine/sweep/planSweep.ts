// What a sweep will do before it starts: images, conditions, forward passes, and a time estimate from one measured
// forward pass of a full batch per model.
import * as tf from '@tensorflow/tfjs';
import type { SweepPlan } from '../../protocol/sweep';
import type { Classifier } from '../model/classifier';
import { conditionList } from './sweepConditions';
import { batchCount, calibrationForwardPasses, oodFolderBatches, passesPerBatch, plannedForwardPasses, type SweepSetup } from './sweepSetup';

/** FGSM's gradient pass costs about a forward and a backward pass: three forward passes. */
const GRADIENT_PASS_COST = 3;

/** Milliseconds of one forward pass of `count` images, after a one-image warm-up (the first call compiles kernels). */
async function measurePass(classifier: Classifier, count: number, height: number, width: number): Promise<number> {
  const timed = async (n: number): Promise<number> => {
    const images = tf.zeros([n, height, width, 3]) as tf.Tensor4D;
    const started = performance.now();
    const probabilities = await classifier.predict(images);
    await probabilities.data();
    tf.dispose([images, probabilities]);
    return performance.now() - started;
  };
  await timed(1);
  return timed(count);
}

export async function planSweep(setup: SweepSetup, baseline: string): Promise<SweepPlan> {
  const batches = batchCount(setup.items.length, setup.batchSize);
  const oodBatches = oodFolderBatches(setup);
  const perBatch = passesPerBatch(setup.conditions);
  const calibrationBatches = setup.calibration ? batchCount(setup.calibration.items.length, setup.batchSize) : 0;
  const gradientExtra = setup.conditions.epsilons.length ? GRADIENT_PASS_COST - 1 : 0;
  const passMs: Record<string, number> = {};
  let estimatedMs = 0;
  for (const group of setup.groups) {
    const { height, width } = group.geometry;
    for (const model of group.models) {
      const ms = await measurePass(model.classifier, Math.min(setup.batchSize, setup.items.length), height, width);
      passMs[model.modelId] = ms;
      // The calibration split's batches take the clean pass's two passes (probabilities and logits).
      estimatedMs += ms * (batches * (perBatch + gradientExtra) + oodBatches + 2 * calibrationBatches);
    }
  }
  const first = setup.groups[0].geometry;
  const notes = [
    'One forward pass = one batch through one model; FGSM\'s gradient counts as one.',
    'The estimate covers model time only; corrupting the images adds to it (at 224² on the CPU, spatter, zoom blur and defocus blur are the slowest).',
  ];
  if (setup.released) notes.push(`Corrupted images are read from the released files in ${setup.released.set.root} (${setup.released.set.description}), not generated; clean images from ${setup.released.clean}.`);
  if (setup.calibration) {
    notes.push(`Temperature scaling is fitted on the ${setup.calibration.items.length} labelled images of ${setup.calibration.path} (none of them evaluated): ${calibrationForwardPasses(setup)} more forward passes, counted apart; each shard or worker fits it on the whole split.`);
  }
  if (setup.groups.length > 1) notes.push(`The models take ${setup.groups.length} different input geometries, so each group decodes and corrupts its own batches.`);
  return {
    imageCount: setup.items.length, batchSize: setup.batchSize, batchCount: batches,
    groups: setup.groups.map((g) => ({ modelIds: g.models.map((m) => m.modelId), inputSize: [g.geometry.height, g.geometry.width] })),
    parameterSet: setup.parameterSet, conditions: conditionList(setup.conditions, first.height, first.width),
    forwardPasses: plannedForwardPasses(setup), passMs, estimatedSeconds: estimatedMs / 1000, baseline, notes,
    ...(setup.calibration ? { calibrationSplit: { path: setup.calibration.path, imageCount: setup.calibration.items.length } } : {}),
  };
}
