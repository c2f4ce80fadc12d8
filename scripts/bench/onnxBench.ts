// ONNX ResNet-18 at 224², batch 32: predictions through our forward path (ONNX Runtime, every core) beside PyTorch eager
// on the same machine with the same thread count, in the same run; and Grad-CAM through the interpreted graph beside
// that graph's own forward pass. The model is exported by PyTorch itself (scripts/onnx-fixtures/export_resnet18.py).
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '../../src/engine/backend';
import { gradCam } from '../../src/engine/cam/gradcam';
import { loadClassifier } from '../../src/engine/model/classifier';
import { runJsonChild, type ChildResult } from './childProcess';
import { imagesPerSecond } from './rate';
import { ratio, rate, textTable } from './textTable';

export const ONNX_BATCH = 32;
/** The interpreted graph runs on wasm's one thread, so a smaller batch keeps its figures to seconds. */
const INTERPRETED_BATCH = 4;

export interface OnnxBenchReport {
  provider: string;
  threads: number;
  predictImagesPerSecond: number;
  interpretedForwardImagesPerSecond: number;
  gradCamImagesPerSecond: number;
  tfjsBackend: string;
}

interface TorchTiming { imagesPerSecond: number; torch: string; threads: number; batch: number }

/** Runs in a child process: the exported model opened as any user's would be, timed on random images. */
export async function measureOnnx(modelPath: string, seconds: number): Promise<OnnxBenchReport> {
  const backend = await selectBackend('wasm');
  const classifier = await loadClassifier(modelPath);
  try {
    const [height, width] = classifier.inspection.inputShape;
    const images = tf.randomUniform([ONNX_BATCH, height, width, 3], 0, 1, 'float32', 2019) as tf.Tensor4D;
    const few = tf.slice(images, 0, INTERPRETED_BATCH);
    const predictImagesPerSecond = await imagesPerSecond(() => classifier.predict(images), ONNX_BATCH, seconds);
    const interpretedForwardImagesPerSecond = await imagesPerSecond(() => classifier.probabilities(few), INTERPRETED_BATCH, seconds);
    const gradCamImagesPerSecond = await imagesPerSecond(() => {
      const { maps, classes, logits } = gradCam(classifier, few, { kind: 'top1' });
      return [maps, classes, logits];
    }, INTERPRETED_BATCH, seconds);
    tf.dispose([images, few]);
    return { provider: 'cpu', threads: availableParallelism(), predictImagesPerSecond, interpretedForwardImagesPerSecond, gradCamImagesPerSecond, tfjsBackend: backend.label };
  } finally {
    classifier.dispose();
  }
}

/** Exports ResNet-18 with `python`'s PyTorch into `folder`; the path, or why it could not. */
export function exportResnet18(python: string, scripts: string, folder: string): { path: string } | { reason: string } {
  const path = join(folder, 'resnet18.onnx');
  const run = spawnSync(python, [join(scripts, 'export_resnet18.py'), path], { encoding: 'utf8' });
  if (run.error) return { reason: `${python} not runnable (${run.error.message})` };
  if (run.status !== 0) return { reason: `the export failed: ${run.stderr.trim().split('\n').pop() ?? `exit ${run.status}`}` };
  return { path };
}

/** Exports the model, measures our path in a child (`childArgs` + the model path) and PyTorch with the same threads, and prints both. */
export function runOnnxComparison(python: string, scripts: string, childArgs: string[], seconds: number): void {
  console.log(`\nONNX ResNet-18 at 224², exported by PyTorch: our forward path beside PyTorch eager (same machine, same threads, same run):`);
  const work = mkdtempSync(join(tmpdir(), 'rl-bench-onnx-'));
  try {
    compareOnnx(python, scripts, work, childArgs, seconds);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The comparison itself, with the model exported into `work`. */
function compareOnnx(python: string, scripts: string, work: string, childArgs: string[], seconds: number): void {
  const exported = exportResnet18(python, scripts, work);
  if ('reason' in exported) {
    console.log(`  skipped: ${exported.reason} (BENCH_PYTHON may name an interpreter that has torch)`);
    return;
  }
  const ours: ChildResult<OnnxBenchReport> = runJsonChild<OnnxBenchReport>(process.execPath, [...childArgs, exported.path]);
  if (!ours.ok) {
    console.log(`  our path failed: ${ours.reason}`);
    process.exitCode = 1;
    return;
  }
  const report = ours.value;
  const torch: ChildResult<TorchTiming> = runJsonChild<TorchTiming>(python, [join(scripts, 'time_resnet18_torch.py'), '--batch', String(ONNX_BATCH), '--threads', String(report.threads), '--seconds', String(seconds)]);
  const reference = torch.ok ? torch.value : undefined;
  const rows = [
    [`Robustness Lens predict (ONNX Runtime ${report.provider}, ${report.threads} threads)`, String(ONNX_BATCH), rate(report.predictImagesPerSecond), reference ? rate(reference.imagesPerSecond) : '—', ratio(report.predictImagesPerSecond, reference?.imagesPerSecond)],
  ];
  for (const line of textTable(['path', 'batch', 'images/s', `PyTorch ${reference?.torch ?? ''} eager, ${report.threads} threads`, 'ours / PyTorch'], rows, 'lrrrr')) console.log(line);
  if (!torch.ok) console.log(`  PyTorch timing failed: ${torch.reason}`);
  const cost = report.interpretedForwardImagesPerSecond / report.gradCamImagesPerSecond;
  console.log(`Interpreted graph on ${report.tfjsBackend}, batch ${INTERPRETED_BATCH}: forward ${rate(report.interpretedForwardImagesPerSecond)} images/s, Grad-CAM ${rate(report.gradCamImagesPerSecond)} images/s: Grad-CAM costs ${cost.toFixed(2)}× the forward pass (goal ≤ 3×).`);
}
