// `robustness-lens demo`: both sample models on the bundled sample set, written as one HTML report.
import { join, resolve } from 'node:path';
import type { EngineSession } from '../../engine/session';
import { writeFileAtomic } from '../../engine/atomicWrite';
import { cancelOnInterrupt } from '../cancellation';
import { createProgressBar } from '../progressBar';
import { renderOverviewReport } from '../report/overviewReport';

export const SAMPLE_MODELS = ['baseline', 'cutmix'] as const;

export function samplesRoot(): string {
  return resolve(__dirname, '..', 'samples');
}

export async function demoCommand(engine: EngineSession, outDir: string): Promise<string> {
  const root = samplesRoot();
  const data = join(root, 'data');
  const signal = cancelOnInterrupt();
  const models = [];
  for (const name of SAMPLE_MODELS) {
    const model = await engine.loadModel({ path: join(root, 'models', name, 'model.json') });
    const bar = createProgressBar(`${name}: predict`);
    try {
      const predictions = await engine.predict({
        modelId: model.modelId, data, topK: 5, includeProbabilities: false, includeThumbnails: true, progressToken: name,
        runsFolder: join(outDir, 'runs'),
      }, (p) => bar.update(p), signal);
      models.push({ model, predictions });
      const accuracy = predictions.results.top1Accuracy;
      process.stdout.write(`${name}: ${predictions.results.predictions.length} images, top-1 accuracy ${accuracy === null ? 'n/a' : `${(accuracy * 100).toFixed(1)}%`}\n`);
    } finally {
      bar.stop();
    }
  }
  const html = renderOverviewReport({ title: 'Robustness Lens — sample models', generatedAt: new Date().toISOString(), backend: engine.backend, models });
  const file = join(resolve(outDir), 'index.html');
  await writeFileAtomic(file, html);
  process.stdout.write(`Report: ${file}\n`);
  return file;
}
