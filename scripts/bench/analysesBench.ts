// The analyses' own throughput on one backend: each corruption at 224×224 (ImageNet-C parameters) and 32×32
// (CIFAR-10-C parameters) beside inference on the same batch, and each mix method at 224×224 with Puzzle Mix's
// saliency (a forward and backward pass) timed apart from its mask solve and compositing.
import * as tf from '@tensorflow/tfjs';
import { CORRUPTIONS, corrupt } from '../../src/engine/corruptions';
import { cutMixPairs } from '../../src/engine/mix/cutmix';
import { cutout } from '../../src/engine/mix/cutout';
import { mixup } from '../../src/engine/mix/mixup';
import { gatherPairBatch, type PairBatch } from '../../src/engine/mix/pairBatch';
import { blockSaliency } from '../../src/engine/mix/puzzle/saliency';
import { puzzleMix, PUZZLE_DEFAULT_GRID } from '../../src/engine/mix/puzzleMix';
import { SeededRandom } from '../../src/engine/random';
import { buildResNet18 } from './resnet18';

export interface Rate { name: string; size: number; batch: number; imagesPerSecond: number }
export interface AnalysesReport { corruptions: Rate[]; inference: Rate[]; mixes: Rate[]; sweepEstimateSeconds: { size: number; seconds: number }[] }

const SEVERITY = 3;

/** Mean images/s of an async batch operation over at least `minSeconds` after one warm-up run. */
async function asyncRate(run: () => Promise<tf.Tensor | tf.Tensor[]>, batch: number, minSeconds: number): Promise<number> {
  tf.dispose(await run());
  let images = 0;
  const start = performance.now();
  while (performance.now() - start < minSeconds * 1000 || images === 0) {
    const out = await run();
    await (Array.isArray(out) ? out[0] : out).data();
    tf.dispose(out);
    images += batch;
  }
  return images / ((performance.now() - start) / 1000);
}

/** Smooth coloured test images with edges, so blurs and JPEG have structure to work on. */
function testImages(batch: number, size: number): tf.Tensor4D {
  return tf.tidy(() => {
    const ramp = tf.linspace(0, 1, size);
    const x = ramp.reshape([1, 1, size, 1]).tile([batch, size, 1, 1]);
    const y = ramp.reshape([1, size, 1, 1]).tile([batch, 1, size, 1]);
    const square = x.greater(0.3).logicalAnd(x.less(0.7)).logicalAnd(y.greater(0.3)).logicalAnd(y.less(0.7)).cast('float32');
    return tf.concat([x, y, square.mul(0.8).add(0.1)], 3) as tf.Tensor4D;
  });
}

async function corruptionRates(size: number, batch: number, minSeconds: number): Promise<{ corruptions: Rate[]; inference: Rate }> {
  const images = testImages(batch, size);
  const parameterSet = size <= 64 ? 'cifar-10-c' : 'imagenet-c';
  const corruptions: Rate[] = [];
  for (const info of CORRUPTIONS) {
    const rng = SeededRandom.fromSeed(1);
    const imagesPerSecond = await asyncRate(() => corrupt(images, info.name, SEVERITY, rng, { parameterSet }), batch, minSeconds);
    corruptions.push({ name: info.displayName, size, batch, imagesPerSecond });
  }
  const model = buildResNet18(size, size <= 64 ? 10 : 1000);
  const imagesPerSecond = await asyncRate(async () => model.predict(images) as tf.Tensor, batch, minSeconds);
  model.dispose();
  images.dispose();
  return { corruptions, inference: { name: `ResNet-18 forward (${size}² input)`, size, batch, imagesPerSecond } };
}

/** Seconds for 100 images × 19 corruptions × 5 severities plus the clean pass, from the severity-3 rates. */
function sweepEstimate(corruptions: readonly Rate[], inference: Rate): number {
  const images = 100;
  const corrupting = corruptions.reduce((sum, c) => sum + (5 * images) / c.imagesPerSecond, 0);
  const predicting = ((corruptions.length * 5 + 1) * images) / inference.imagesPerSecond;
  return corrupting + predicting;
}

async function mixRates(minSeconds: number): Promise<Rate[]> {
  const size = 224;
  const pairsInBatch = 8;
  const images = testImages(pairsInBatch * 2, size);
  const classes = Array.from({ length: pairsInBatch * 2 }, (_, i) => i % 10);
  const pairs: PairBatch = gatherPairBatch(images, classes, 10, Array.from({ length: pairsInBatch }, (_, i) => ({ first: 2 * i, second: 2 * i + 1 })));
  const resnet = buildResNet18(size, 10);
  const classifier = { logits: (x: tf.Tensor4D) => resnet.predict(x) as tf.Tensor2D };
  const rng = SeededRandom.fromSeed(1);
  const rate = (name: string, imagesPerSecond: number): Rate => ({ name, size, batch: pairsInBatch, imagesPerSecond });
  const rates = [
    rate('Mixup', await asyncRate(async () => { const m = mixup(rng, pairs); return [m.images, m.targets]; }, pairsInBatch, minSeconds)),
    rate('Cutout (side 112)', await asyncRate(async () => cutout(rng, pairs.first, 112).images, pairsInBatch, minSeconds)),
    rate('CutMix', await asyncRate(async () => { const m = cutMixPairs(rng, pairs); return [m.images, m.targets]; }, pairsInBatch, minSeconds)),
    rate(`Puzzle Mix (${PUZZLE_DEFAULT_GRID}×${PUZZLE_DEFAULT_GRID}, ResNet-18 saliency), all`, await asyncRate(async () => { const m = await puzzleMix(classifier, rng, pairs); return [m.images, m.targets]; }, pairsInBatch, minSeconds)),
    rate('  of which saliency (forward + backward of both images)', await asyncRate(async () => tf.tidy(() => blockSaliency(classifier, tf.concat([pairs.first, pairs.second]), null, PUZZLE_DEFAULT_GRID)), pairsInBatch, minSeconds)),
  ];
  tf.dispose([images, pairs.first, pairs.second]);
  resnet.dispose();
  return rates;
}

export async function measureAnalyses(minSeconds: number): Promise<AnalysesReport> {
  const large = await corruptionRates(224, 8, minSeconds);
  const small = await corruptionRates(32, 32, minSeconds);
  return {
    corruptions: [...large.corruptions, ...small.corruptions],
    inference: [large.inference, small.inference],
    mixes: await mixRates(minSeconds),
    sweepEstimateSeconds: [{ size: 224, seconds: sweepEstimate(large.corruptions, large.inference) }, { size: 32, seconds: sweepEstimate(small.corruptions, small.inference) }],
  };
}
