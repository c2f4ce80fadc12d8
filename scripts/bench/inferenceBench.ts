// Inference throughput on the current backend: the two sample models (a forward pass, CAM and Grad-CAM on the same
// batch) and a ResNet-18 at 224², with GFLOP/s from FLOPs counted layer by layer.
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { classActivationMaps } from '../../src/engine/cam/cam';
import { gradCam } from '../../src/engine/cam/gradcam';
import { loadClassifier } from '../../src/engine/model/classifier';
import { fileLoadHandler } from '../../src/engine/model/tfjsFiles';
import { modelFlops } from '../../src/engine/perf/flops';
import { imagesPerSecond } from './rate';
import { buildResNet18 } from './resnet18';

export interface Measurement {
  /** The model, and for the sample models what ran: a forward pass, CAM or Grad-CAM. GFLOP counts the forward pass. */
  model: string;
  inputSize: number; batch: number; imagesPerSecond: number; gflopPerImage: number; gflopPerSecond: number;
}

export const RESNET18_MODEL = 'ResNet-18';
const SAMPLE_MODELS = ['baseline', 'cutmix'] as const;

/** ResNet-18's batch: one image on tfjs's plain-JavaScript cpu backend (about 5 s a batch), else 8. */
function resnet18Batch(backend: string): number {
  return backend === 'cpu' ? 1 : 8;
}

async function sampleFlops(modelJson: string): Promise<number> {
  const model = await tf.loadLayersModel(fileLoadHandler(modelJson));
  const flops = modelFlops(model);
  model.dispose();
  return flops;
}

function measurement(model: string, inputSize: number, batch: number, ips: number, flops: number): Measurement {
  return { model, inputSize, batch, imagesPerSecond: ips, gflopPerImage: flops / 1e9, gflopPerSecond: (ips * flops) / 1e9 };
}

async function measureSampleModel(modelJson: string, name: string, minSeconds: number): Promise<Measurement[]> {
  const classifier = await loadClassifier(modelJson);
  const [h, w] = classifier.profile.inputSize;
  const batch = 32;
  const x = tf.randomUniform([batch, h, w, 3]) as tf.Tensor4D;
  const flops = await sampleFlops(modelJson);
  // Grad-CAM is one forward and one backward pass; CAM is one forward pass.
  const runs: [string, () => tf.Tensor][] = [
    ['forward', () => tf.tidy(() => classifier.probabilities(x))],
    ['CAM', () => tf.tidy(() => classActivationMaps(classifier, x, { kind: 'top1' }).maps)],
    ['Grad-CAM', () => tf.tidy(() => gradCam(classifier, x, { kind: 'top1' }).maps)],
  ];
  const measurements: Measurement[] = [];
  for (const [analysis, run] of runs) {
    measurements.push(measurement(`sample ${name} ${analysis}`, h, batch, await imagesPerSecond(run, batch, minSeconds), flops));
  }
  x.dispose();
  classifier.dispose();
  return measurements;
}

async function measureResNet18(backend: string, minSeconds: number): Promise<Measurement> {
  const resnet = buildResNet18();
  const batch = resnet18Batch(backend);
  const x = tf.randomUniform([batch, 224, 224, 3]);
  const ips = await imagesPerSecond(() => resnet.predict(x) as tf.Tensor, batch, minSeconds);
  const result = measurement(RESNET18_MODEL, 224, batch, ips, modelFlops(resnet));
  x.dispose();
  resnet.dispose();
  return result;
}

/** Every inference measurement on the backend already selected (`backend` is its name). */
export async function measureInference(backend: string, samplesFolder: string, minSeconds: number): Promise<Measurement[]> {
  const measurements: Measurement[] = [];
  for (const name of SAMPLE_MODELS) measurements.push(...await measureSampleModel(join(samplesFolder, name, 'model.json'), name, minSeconds));
  measurements.push(await measureResNet18(backend, minSeconds));
  return measurements;
}
