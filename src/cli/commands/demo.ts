// `robustness-lens demo`: both sample models on the bundled sample set, written as one HTML report.
import { join, resolve } from 'node:path';
import type { EngineSession } from '../../engine/session';
import { writeFileAtomic } from '../../engine/atomicWrite';
import { cancelOnInterrupt } from '../cancellation';
import { createProgressBar } from '../progressBar';
import { localisationFigures } from '../report/localisationFigures';
import { renderOverviewReport } from '../report/overviewReport';
import type { RunRecord } from '../../protocol/records';
import type { CamResults } from '../../protocol/rpc';

export const SAMPLE_MODELS = ['baseline', 'cutmix'] as const;

export function samplesRoot(): string {
  return resolve(__dirname, '..', 'samples');
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
      const { maxBoxAcc, maxBoxAccV2 } = localised.results;
      process.stdout.write(`${name}: MaxBoxAcc ${(maxBoxAcc.maxAccuracy * 100).toFixed(1)}% at τ ${maxBoxAcc.bestThreshold.toFixed(2)}, MaxBoxAccV2 ${(maxBoxAccV2.mean * 100).toFixed(1)}%\n`);
    } finally {
      camBar.stop();
    }
  }
  const localisation = {
    records: localisations, classNames: models.map(({ model }) => model.labels.names), figures: await localisationFigures(localisations, LOCALISATION_FIGURES),
  };
  const html = renderOverviewReport({ title: 'Robustness Lens — sample models', generatedAt: new Date().toISOString(), backend: engine.backend, models, localisation });
  const file = join(resolve(outDir), 'index.html');
  await writeFileAtomic(file, html);
  process.stdout.write(`Report: ${file}\n`);
  return file;
}
