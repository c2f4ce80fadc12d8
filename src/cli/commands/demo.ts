// `robustness-lens demo`: both sample models on the bundled sample set, written as one HTML report.
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { EngineSession } from '../../engine/session';
import { writeFileAtomic } from '../../engine/atomicWrite';
import { CORRUPTIONS } from '../../engine/corruptions/registry';
import { withImagesInline } from '../../engine/runs/attachments';
import { runFolder } from '../../engine/runs/store';
import { cancelOnInterrupt } from '../cancellation';
import { createProgressBar } from '../progressBar';
import { writeDefinitionsPage } from '../../present/report/definitionsPage';
import { localisationFigures } from '../../present/report/localisationFigures';
import { renderOverviewReport } from '../../present/report/overviewReport';
import type { RunRecord } from '../../protocol/records';
import { hasBoxMetrics, type CamResults } from '../../protocol/cam';
import type { SweepResults } from '../../protocol/sweep';
import type { MixMethod, MixResults } from '../../protocol/mix';

export const SAMPLE_MODELS = ['baseline', 'cutmix'] as const;

export function samplesRoot(): string {
  return resolve(__dirname, '..', 'samples');
}

/** The demo's sweep subset: the first DEMO_SWEEP_PER_CLASS images of every class (40 of the 250 sample images, all ten
 * classes), under all five severities of the 15 benchmark corruptions (so mCE is defined), FGSM at 8/255 and occlusion,
 * which keeps the whole demo under a few minutes on two cores. */
const DEMO_SWEEP_PER_CLASS = 4;

/** The wsolevaluation metadata files (definitions of the format: wsolevaluation's README), each keyed by image id in its first field. */
const WSOL_PER_IMAGE_FILES = ['image_ids.txt', 'class_labels.txt', 'image_sizes.txt', 'localization.txt'] as const;

export interface DatasetSubset { path: string; imageCount: number; classCount: number; perClass: number }

/** A wsolevaluation dataset of the first `perClass` images of each class of `data` (in image_ids order), images copied under `dir`. */
export async function firstImagesPerClass(data: string, dir: string, perClass: number): Promise<DatasetSubset> {
  const metadata = (name: string) => readFile(join(data, 'metadata', name), 'utf8').then((text) => text.split(/\r?\n/).filter((line) => line.trim() !== ''));
  const labels = await metadata('class_labels.txt');
  const taken = new Map<string, number>();
  const chosen = new Set<string>();
  for (const line of labels) {
    const [id, label] = line.split(',');
    const count = taken.get(label) ?? 0;
    if (count < perClass) chosen.add(id);
    taken.set(label, count + 1);
  }
  await mkdir(join(dir, 'metadata'), { recursive: true });
  for (const name of WSOL_PER_IMAGE_FILES) {
    const lines = await metadata(name);
    await writeFileAtomic(join(dir, 'metadata', name), `${lines.filter((line) => chosen.has(line.split(',')[0])).join('\n')}\n`);
  }
  await copyFile(join(data, 'metadata', 'class_names.txt'), join(dir, 'metadata', 'class_names.txt'));
  for (const id of chosen) {
    await mkdir(dirname(join(dir, id)), { recursive: true });
    await copyFile(join(data, id), join(dir, id));
  }
  return { path: dir, imageCount: chosen.size, classCount: taken.size, perClass };
}

async function demoSweep(engine: EngineSession, modelIds: string[], data: string, runsFolder: string, signal: AbortSignal): Promise<SweepResults> {
  const bar = createProgressBar('sweep');
  try {
    const record = await engine.sweep({
      modelIds, data, fgsmEpsilons: [8 / 255], occlusion: true, progressToken: 'sweep', runsFolder,
      corruptions: CORRUPTIONS.filter((c) => c.kind === 'benchmark').map((c) => c.name),
    }, (p) => bar.update(p), signal);
    // The report embeds the gallery the saved record keeps as files.
    return (await withImagesInline(record, runFolder(runsFolder, record.id))).results;
  } finally {
    bar.stop();
  }
}

/** Pairs the report mixes with each of CutMix and Mixup, λ ~ Beta(1, 1), seeded. */
const DEMO_MIX_PAIRS = 6;
const DEMO_MIX_METHODS: readonly MixMethod[] = ['cutmix', 'mixup'];

async function demoMix(engine: EngineSession, modelIds: string[], data: string, runsFolder: string, signal: AbortSignal): Promise<RunRecord<MixResults>[]> {
  const records: RunRecord<MixResults>[] = [];
  for (const method of DEMO_MIX_METHODS) {
    const bar = createProgressBar(`${method} preview`);
    try {
      const record = await engine.mix({
        modelIds, data, method, pairing: { kind: 'random', count: DEMO_MIX_PAIRS }, lambda: { kind: 'beta', concentration: 1 }, seed: 0, progressToken: method, runsFolder,
      }, (p) => bar.update(p), signal);
      // The report embeds the images the saved record keeps as files.
      records.push(await withImagesInline(record, runFolder(runsFolder, record.id)));
    } finally {
      bar.stop();
    }
    const rates = records[records.length - 1].results.statistics.map((s, m) => `${SAMPLE_MODELS[m]} ${s.topTwoMatchRate === null ? 'n/a' : `${(s.topTwoMatchRate * 100).toFixed(1)}%`} of ${s.pairCount}`);
    process.stdout.write(`${method}: top-2 = {y1, y2} for ${rates.join(', ')} mixed pairs\n`);
  }
  return records;
}

/** Images drawn under each model's map in the report's localisation section. */
const LOCALISATION_FIGURES = 6;

export async function demoCommand(engine: EngineSession, outDir: string): Promise<string> {
  const root = samplesRoot();
  const data = join(root, 'data');
  const runsFolder = join(outDir, 'runs');
  const signal = cancelOnInterrupt();
  const models = [];
  const localisations: RunRecord<CamResults>[] = [];
  for (const name of SAMPLE_MODELS) {
    const model = await engine.loadModel({ path: join(root, 'models', name, 'model.json') });
    const bar = createProgressBar(`${name}: predict`);
    try {
      const predictions = await engine.predict({
        modelId: model.modelId, data, topK: 5, includeProbabilities: false, includeThumbnails: true, progressToken: name, runsFolder,
      }, (p) => bar.update(p), signal);
      // The report embeds the thumbnails the saved record keeps as files.
      models.push({ model, predictions: await withImagesInline(predictions, runFolder(runsFolder, predictions.id)) });
      const accuracy = predictions.results.top1Accuracy;
      process.stdout.write(`${name}: ${predictions.results.predictions.length} images, top-1 accuracy ${accuracy === null ? 'n/a' : `${(accuracy * 100).toFixed(1)}%`}\n`);
    } finally {
      bar.stop();
    }
    const camBar = createProgressBar(`${name}: CAM`);
    try {
      const localised = await engine.localise({
        modelId: model.modelId, data, method: 'cam', normalisation: 'minmax', target: 'top1', includeOverlays: true, progressToken: name, runsFolder,
      }, (p) => camBar.update(p), signal);
      // The report embeds the overlays the saved record keeps as files.
      localisations.push(await withImagesInline(localised, runFolder(runsFolder, localised.id)));
      const { results } = localised;
      if (hasBoxMetrics(results)) {
        process.stdout.write(`${name}: MaxBoxAcc ${(results.maxBoxAcc.maxAccuracy * 100).toFixed(1)}% at τ ${results.maxBoxAcc.bestThreshold.toFixed(2)}, MaxBoxAccV2 ${(results.maxBoxAccV2.mean * 100).toFixed(1)}%\n`);
      }
    } finally {
      camBar.stop();
    }
  }
  const localisation = {
    records: localisations, classNames: models.map(({ model }) => model.labels.names), figures: await localisationFigures(localisations, LOCALISATION_FIGURES),
  };
  const subset = await firstImagesPerClass(data, join(resolve(outDir), 'sweep-images'), DEMO_SWEEP_PER_CLASS);
  const sweep = await demoSweep(engine, models.map(({ model }) => model.modelId), subset.path, runsFolder, signal);
  const sweepImages = `the first ${subset.perClass} images of each of the ${subset.classCount} classes, ${subset.imageCount} of the ${models[0]?.predictions.results.predictions.length ?? 0}`;
  const mix = await demoMix(engine, models.map(({ model }) => model.modelId), data, runsFolder, signal);
  const html = renderOverviewReport({ title: 'Robustness Lens — sample models', generatedAt: new Date().toISOString(), backend: engine.backend, models, localisation, sweep, sweepImages, mix });
  const file = join(resolve(outDir), 'index.html');
  await writeFileAtomic(file, html);
  await writeDefinitionsPage(resolve(outDir), writeFileAtomic);
  process.stdout.write(`Report: ${file}\n`);
  return file;
}
