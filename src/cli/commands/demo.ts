// `robustness-lens demo`: both sample models on the bundled sample set, written as one HTML report.
import { join, resolve } from 'node:path';
import type { EngineSession } from '../../engine/session';
import { writeFileAtomic } from '../../engine/atomicWrite';
import { CORRUPTIONS } from '../../engine/corruptions/registry';
import { cancelOnInterrupt } from '../cancellation';
import { createProgressBar } from '../progressBar';
import { writeDefinitionsPage } from '../report/definitionsPage';
import { localisationFigures } from '../report/localisationFigures';
import { renderOverviewReport } from '../report/overviewReport';
import type { RunRecord } from '../../protocol/records';
import { hasBoxMetrics, type CamResults } from '../../protocol/rpc';
import type { SweepResults } from '../../protocol/sweep';
import type { MixMethod, MixResults } from '../../protocol/mix';

export const SAMPLE_MODELS = ['baseline', 'cutmix'] as const;

export function samplesRoot(): string {
  return resolve(__dirname, '..', 'samples');
}

/** The demo's sweep subset: all five severities of the 15 benchmark corruptions (so mCE is defined), FGSM at 8/255 and
 * occlusion, on the first 40 images, which keeps the whole demo under two minutes on two cores. */
const DEMO_SWEEP_IMAGES = 40;

async function demoSweep(engine: EngineSession, modelIds: string[], data: string, runsFolder: string, signal: AbortSignal): Promise<SweepResults> {
  const bar = createProgressBar('sweep');
  try {
    const record = await engine.sweep({
      modelIds, data, fgsmEpsilons: [8 / 255], occlusion: true, limit: DEMO_SWEEP_IMAGES, progressToken: 'sweep', runsFolder,
      corruptions: CORRUPTIONS.filter((c) => c.kind === 'benchmark').map((c) => c.name),
    }, (p) => bar.update(p), signal);
    return record.results;
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
      records.push(record);
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
      models.push({ model, predictions });
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
      localisations.push(localised);
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
  const sweep = await demoSweep(engine, models.map(({ model }) => model.modelId), data, runsFolder, signal);
  const mix = await demoMix(engine, models.map(({ model }) => model.modelId), data, runsFolder, signal);
  const html = renderOverviewReport({ title: 'Robustness Lens — sample models', generatedAt: new Date().toISOString(), backend: engine.backend, models, localisation, sweep, mix });
  const file = join(resolve(outDir), 'index.html');
  await writeFileAtomic(file, html);
  await writeDefinitionsPage(resolve(outDir));
  process.stdout.write(`Report: ${file}\n`);
  return file;
}
