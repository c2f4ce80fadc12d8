// The analyses' own throughput on the best backend: ResNet-18 inference at the corruption table's sizes and batches
// (what a sweep spends beside corrupting), and each mix method at 224×224 with Puzzle Mix's saliency (a forward and
// backward pass) timed apart from its mask solve and compositing.
import * as tf from '@tensorflow/tfjs';
import { cutMixPairs } from '../../src/engine/mix/cutmix';
import { cutout } from '../../src/engine/mix/cutout';
import { mixup } from '../../src/engine/mix/mixup';
import { gatherPairBatch, type PairBatch } from '../../src/engine/mix/pairBatch';
import { blockSaliency } from '../../src/engine/mix/puzzle/saliency';
import { puzzleMix } from '../../src/engine/mix/puzzleMix';
import { SeededRandom } from '../../src/engine/random';
import { CORRUPTION_BATCHES, type Rate } from './corruptionBench';
import { imagesPerSecond } from './rate';
import { buildResNet18 } from './resnet18';
import { testImages } from './testImages';

/** Puzzle Mix draws g per batch by default; the bench fixes it so that rates compare across runs. */
const PUZZLE_BENCH_GRID = 4;

export interface AnalysesReport { inference: Rate[]; mixes: Rate[] }

async function inferenceRate(size: number, batch: number, minSeconds: number): Promise<Rate> {
  const images = testImages(batch, size);
  const model = buildResNet18(size, size <= 64 ? 10 : 1000);
  const ips = await imagesPerSecond(() => model.predict(images) as tf.Tensor, batch, minSeconds);
  model.dispose();
  images.dispose();
  return { name: `ResNet-18 forward (${size}² input)`, size, batch, imagesPerSecond: ips };
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
  const rate = async (name: string, run: () => Promise<tf.Tensor | tf.Tensor[]>): Promise<Rate> =>
    ({ name, size, batch: pairsInBatch, imagesPerSecond: await imagesPerSecond(run, pairsInBatch, minSeconds) });
  const rates = [
    await rate('Mixup', async () => { const m = mixup(rng, pairs); return [m.images, m.targets]; }),
    await rate('Cutout (side 112)', async () => cutout(rng, pairs.first, 112).images),
    await rate('CutMix', async () => { const m = cutMixPairs(rng, pairs); return [m.images, m.targets]; }),
    await rate(`Puzzle Mix (${PUZZLE_BENCH_GRID}×${PUZZLE_BENCH_GRID}, ResNet-18 saliency), all`, async () => { const m = await puzzleMix(classifier, rng, pairs, undefined, { grid: PUZZLE_BENCH_GRID }); return [m.images, m.targets]; }),
    await rate('  of which saliency (forward + backward of both images)', async () => tf.tidy(() => blockSaliency(classifier, tf.concat([pairs.first, pairs.second]), null, PUZZLE_BENCH_GRID))),
  ];
  tf.dispose([images, pairs.first, pairs.second]);
  resnet.dispose();
  return rates;
}

export async function measureAnalyses(minSeconds: number): Promise<AnalysesReport> {
  const inference: Rate[] = [];
  for (const { size, batch } of CORRUPTION_BATCHES) inference.push(await inferenceRate(size, batch, minSeconds));
  return { inference, mixes: await mixRates(minSeconds) };
}
