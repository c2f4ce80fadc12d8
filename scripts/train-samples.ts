// Builds the bundled sample assets: the evaluation set (samples/data) and the two sample classifiers
// (samples/models/baseline, samples/models/cutmix), trained on the wasm backend.
//   node out/scripts/train-samples.js [--model baseline|cutmix|all] [--epochs N] [--train-images N] [--data-only]
import * as tf from '@tensorflow/tfjs';
import { Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { selectBackend } from '../src/engine/backend';
import { saveLayersModel } from '../src/engine/model/tfjsFiles';
import { SeededRandom } from '../src/engine/random';
import type { PreprocessingProfile } from '../src/protocol/model';
import { evaluateTop1 } from './samples/evaluateAccuracy';
import { sampleImageSize } from './samples/makeSampleImage';
import { buildSampleModel } from './samples/sampleModel';
import { classNames, makeTrainingSet } from './samples/sampleSets';
import { trainSampleModel } from './samples/trainSampleModel';
import { writeSampleDataset } from './samples/writeSampleDataset';
import { writeSamplesReadme, type SampleTrainingSummary } from './samples/writeSamplesReadme';

type SampleModelName = 'baseline' | 'cutmix';

interface Options {
  model: SampleModelName | 'all';
  epochs: number;
  trainImages: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  out: string;
  dataOnly: boolean;
}

const widths: [number, number, number] = [16, 32, 64];

const preprocessing: PreprocessingProfile = {
  version: 1, inputSize: [sampleImageSize, sampleImageSize], resize: 'stretch', centerCropFraction: 1, scaling: { kind: 'unit' }, channelOrder: 'RGB', guessed: false,
};

function log(line: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`Expected a positive integer, got "${value}".`);
  return n;
}

async function trainOne(name: SampleModelName, options: Options, backendLabel: string): Promise<void> {
  const root = SeededRandom.fromSeed(options.seed);
  const generationStart = Date.now();
  const images = makeTrainingSet(root.fork('training-images'), options.trainImages);
  log(`${name}: generated ${images.length} training images in ${((Date.now() - generationStart) / 1000).toFixed(1)} s`);
  const model = buildSampleModel({ inputSize: sampleImageSize, numClasses: classNames.length, widths, seed: options.seed });
  model.compile({ optimizer: tf.train.adam(options.learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const cutMix = name === 'cutmix';
  const trained = await trainSampleModel(model, images, { epochs: options.epochs, batchSize: options.batchSize, cutMix, numClasses: classNames.length },
    root.fork('batch-order'), root.fork('cutmix-boxes'), (line) => log(`${name}: ${line}`));
  const evaluation = await evaluateTop1(model, join(options.out, 'data'));
  log(`${name}: clean top-1 ${(100 * evaluation.accuracy).toFixed(1)}% (${evaluation.correct}/${evaluation.total}) after ${(trained.seconds / 60).toFixed(1)} min`);
  const dir = join(options.out, 'models', name);
  await saveLayersModel(model, dir);
  await writeFile(join(dir, 'labels.txt'), classNames.join('\n') + '\n');
  await writeFile(join(dir, 'model.preprocessing.json'), JSON.stringify(preprocessing, null, 2) + '\n');
  const summary: SampleTrainingSummary = {
    model: name, seed: options.seed, trainImages: options.trainImages, batchSize: options.batchSize,
    optimizer: `Adam (learning rate ${options.learningRate})`, cutMix: cutMix ? { beta: 1, probability: 1 } : null, widths,
    parameterCount: model.countParams(), backend: backendLabel, ...trained, evaluation,
  };
  await writeFile(join(dir, 'training.json'), JSON.stringify(summary, null, 2) + '\n');
  model.dispose();
}

async function main(): Promise<void> {
  const program = new Command('train-samples')
    .addOption(new Option('--model <name>', 'which sample model to train').choices(['baseline', 'cutmix', 'all']).default('all'))
    .option('--epochs <n>', 'training epochs', positiveInteger, 4)
    .option('--train-images <n>', 'training images generated in memory', positiveInteger, 10000)
    .option('--batch-size <n>', 'mini-batch size', positiveInteger, 16)
    .option('--learning-rate <x>', 'Adam learning rate', Number, 1e-3)
    .option('--seed <n>', 'seed for data, batch order, CutMix boxes and initialisers', positiveInteger, 2019)
    .option('--out <dir>', 'samples folder', 'samples')
    .option('--data-only', '(re)write the evaluation set and stop', false)
    .parse();
  const options = program.opts<Options>();
  options.out = resolve(options.out);
  const dataDir = join(options.out, 'data');
  if (options.dataOnly) {
    log(`wrote ${await writeSampleDataset(dataDir, options.seed)} evaluation images to ${dataDir}`);
    return;
  }
  const backend = await selectBackend('wasm');
  log(`backend: ${backend.label}`);
  if (backend.name !== 'wasm') throw new Error(`The wasm backend did not start:\n${backend.log.join('\n')}`);
  if (!existsSync(join(dataDir, 'metadata', 'localization.txt'))) log(`wrote ${await writeSampleDataset(dataDir, options.seed)} evaluation images to ${dataDir}`);
  const names: SampleModelName[] = options.model === 'all' ? ['baseline', 'cutmix'] : [options.model];
  for (const name of names) await trainOne(name, options, backend.label);
  await writeSamplesReadme(options.out);
  log('done');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
