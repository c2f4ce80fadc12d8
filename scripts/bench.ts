// `npm run bench`: inference throughput per available backend, for the sample models and a ResNet-18 built in
// code, with GFLOP/s from FLOPs counted layer by layer. Each backend runs in its own process (tfjs picks one
// backend per process). The named reference in the same run is tfjs's plain-JavaScript cpu backend.
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { BackendInfo } from '../src/protocol/backend';
import { selectBackend } from '../src/engine/backend';
import { classActivationMaps } from '../src/engine/cam/cam';
import { gradCam } from '../src/engine/cam/gradcam';
import { loadClassifier } from '../src/engine/model/classifier';
import { fileLoadHandler } from '../src/engine/model/tfjsFiles';
import { modelFlops } from '../src/engine/perf/flops';
import { measureAnalyses, type AnalysesReport } from './bench/analysesBench';
import { buildResNet18 } from './bench/resnet18';

interface Measurement {
  /** The model, and for the sample models what ran: a forward pass, CAM or Grad-CAM. GFLOP counts the forward pass. */
  model: string;
  inputSize: number; batch: number; imagesPerSecond: number; gflopPerImage: number; gflopPerSecond: number;
}
interface ChildReport { backend: BackendInfo; measurements: Measurement[] }

const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
const MIN_SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

/** Runs `forward` on one batch repeatedly for at least MIN_SECONDS (after one warm-up) and returns images/s. */
async function imagesPerSecond(forward: () => tf.Tensor, batch: number): Promise<number> {
  const warm = forward();
  await warm.data();
  warm.dispose();
  let images = 0;
  const start = performance.now();
  while (performance.now() - start < MIN_SECONDS * 1000 || images === 0) {
    const out = forward();
    await out.data();
    out.dispose();
    images += batch;
  }
  return images / ((performance.now() - start) / 1000);
}

async function measureChild(backend: (typeof BACKENDS)[number]): Promise<ChildReport | null> {
  const info = await selectBackend(backend);
  if (info.name !== backend) {
    process.stderr.write(`${info.log.filter((line) => line.startsWith(`${backend}:`)).join('\n')}\n`);
    return null;
  }
  const measurements: Measurement[] = [];
  const samples = resolve(__dirname, '..', '..', 'samples', 'models');
  for (const name of ['baseline', 'cutmix']) {
    const classifier = await loadClassifier(join(samples, name, 'model.json'));
    const [h, w] = classifier.profile.inputSize;
    const batch = 32;
    const x = tf.randomUniform([batch, h, w, 3]) as tf.Tensor4D;
    const flops = await sampleFlops(join(samples, name, 'model.json'));
    // The same batch through a forward pass, CAM (one forward pass) and Grad-CAM (one forward and one backward pass).
    const runs: [string, () => tf.Tensor][] = [
      ['forward', () => tf.tidy(() => classifier.probabilities(x))],
      ['CAM', () => tf.tidy(() => classActivationMaps(classifier, x, { kind: 'top1' }).maps)],
      ['Grad-CAM', () => tf.tidy(() => gradCam(classifier, x, { kind: 'top1' }).maps)],
    ];
    for (const [analysis, run] of runs) {
      const ips = await imagesPerSecond(run, batch);
      measurements.push({ model: `sample ${name} ${analysis}`, inputSize: h, batch, imagesPerSecond: ips, gflopPerImage: flops / 1e9, gflopPerSecond: (ips * flops) / 1e9 });
    }
    x.dispose();
    classifier.dispose();
  }
  const resnet = buildResNet18();
  const batch = backend === 'cpu' ? 1 : 8;
  const x = tf.randomUniform([batch, 224, 224, 3]);
  const flops = modelFlops(resnet);
  const ips = await imagesPerSecond(() => resnet.predict(x) as tf.Tensor, batch);
  measurements.push({ model: 'ResNet-18', inputSize: 224, batch, imagesPerSecond: ips, gflopPerImage: flops / 1e9, gflopPerSecond: (ips * flops) / 1e9 });
  x.dispose();
  resnet.dispose();
  return { backend: info, measurements };
}

async function sampleFlops(modelJson: string): Promise<number> {
  const model = await tf.loadLayersModel(fileLoadHandler(modelJson));
  const flops = modelFlops(model);
  model.dispose();
  return flops;
}

function printTable(reports: ChildReport[]): void {
  const reference = reports.find((r) => r.backend.name === 'cpu');
  const rows = reports.flatMap((r) => r.measurements.map((m) => {
    const ref = reference?.measurements.find((x) => x.model === m.model);
    return [r.backend.label, m.model, `${m.inputSize}²`, String(m.batch), m.imagesPerSecond.toFixed(1), m.gflopPerImage.toFixed(3), m.gflopPerSecond.toFixed(2), ref ? `${(m.imagesPerSecond / ref.imagesPerSecond).toFixed(1)}×` : '—'];
  }));
  const header = ['backend', 'model', 'input', 'batch', 'images/s', 'GFLOP/img', 'GFLOP/s', 'vs tfjs cpu'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log(`\nReference: tfjs-backend-cpu (plain JavaScript kernels) in the same run. Each figure is the mean over ≥ ${MIN_SECONDS} s after one warm-up batch; wasm runs one thread in Node.`);
}

async function main(): Promise<void> {
  if (process.argv.includes('--analyses')) {
    await selectBackend(process.argv[process.argv.indexOf('--analyses') + 1] as (typeof BACKENDS)[number]);
    process.stdout.write(`${JSON.stringify(await measureAnalyses(MIN_SECONDS))}\n`);
    return;
  }
  const childBackend = process.argv[process.argv.indexOf('--child') + 1];
  if (process.argv.includes('--child')) {
    const report = await measureChild(childBackend as (typeof BACKENDS)[number]);
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  const reports: ChildReport[] = [];
  for (const backend of BACKENDS) {
    process.stderr.write(`measuring ${backend}…\n`);
    const child = spawnSync(process.execPath, [__filename, '--child', backend], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (child.status !== 0) {
      const reason = child.stderr.split('\n').find((line) => /Error/.test(line)) ?? `exit ${child.status}`;
      process.stderr.write(`  ${backend}: failed: ${reason.trim()}\n`);
      continue;
    }
    const report = JSON.parse(child.stdout.trim().split('\n').pop() ?? 'null') as ChildReport | null;
    if (report) reports.push(report);
    else process.stderr.write(`  not available here: ${child.stderr.trim().split('\n').filter((line) => line.startsWith(`${backend}:`)).join('; ')}\n`);
  }
  printTable(reports);
  const best = reports[0]?.backend;
  if (!best) return;
  // The analyses run on the best backend only: on plain-JavaScript kernels one Puzzle Mix batch takes minutes.
  process.stderr.write(`measuring the analyses on ${best.label}…\n`);
  const child = spawnSync(process.execPath, [__filename, '--analyses', best.name], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) {
    process.stderr.write(`  analyses failed: ${child.stderr.split('\n').find((line) => /Error/.test(line)) ?? `exit ${child.status}`}\n`);
    return;
  }
  printAnalyses(JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as AnalysesReport, best.label);
}

function printAnalyses(report: AnalysesReport, backend: string): void {
  const rows = (title: string, rates: AnalysesReport['corruptions']) => {
    console.log(`\n${title}`);
    const width = Math.max(...rates.map((r) => r.name.length));
    for (const r of rates) console.log(`  ${r.name.padEnd(width)}  ${`${r.size}²`.padStart(5)}  batch ${String(r.batch).padStart(2)}  ${r.imagesPerSecond.toFixed(1).padStart(8)} images/s`);
  };
  console.log(`\nAnalyses on ${backend}:`);
  rows('Corruptions at severity 3 (ImageNet-C parameters at 224², CIFAR-10-C at 32²) and inference on the same batch:', [...report.corruptions, ...report.inference]);
  for (const { size, seconds } of report.sweepEstimateSeconds) {
    console.log(`  A 19 × 5 sweep of 100 images at ${size}² with ResNet-18: about ${Math.round(seconds)} s (from the severity-3 rates above)`);
  }
  rows('Mixed images per second at 224² (8 pairs a batch):', report.mixes);
  const puzzle = report.mixes.find((r) => r.name.startsWith('Puzzle Mix'));
  const saliency = report.mixes.find((r) => r.name.trim().startsWith('of which saliency'));
  if (puzzle && saliency) {
    const total = 1000 / puzzle.imagesPerSecond;
    const forSaliency = 1000 / saliency.imagesPerSecond;
    console.log(`  Puzzle Mix per mixed image: ${total.toFixed(0)} ms, of which saliency ${forSaliency.toFixed(0)} ms and mask solve + transport + compositing ${(total - forSaliency).toFixed(0)} ms`);
  }
}

main().catch((err: unknown) => { console.error(err); process.exit(1); });
