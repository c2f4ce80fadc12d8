// `robustness-lens predict MODEL DATA`: top-k predictions, accuracy, optional per-image probabilities.
import { extname } from 'node:path';
import type { RunRecord } from '../../protocol/records';
import type { PredictResults } from '../../protocol/predict';
import type { EngineSession } from '../../engine/session';
import { writeFileAtomic } from '../../engine/atomicWrite';
import { cancelOnInterrupt } from '../cancellation';
import { formatSkipped } from '../format';
import { createProgressBar } from '../progressBar';
import { type ModelOptions, loadModelWithWarnings } from '../loadModel';

export interface PredictOptions extends ModelOptions { topK: number; limit?: number; savePredictions?: string; runs?: string; json?: boolean }

export async function predictCommand(engine: EngineSession, modelPath: string, data: string, options: PredictOptions): Promise<RunRecord<PredictResults>> {
  const model = await loadModelWithWarnings(engine, modelPath, options);
  const bar = createProgressBar('predict');
  let record: RunRecord<PredictResults>;
  try {
    record = await engine.predict({
      modelId: model.modelId, data, topK: options.topK, limit: options.limit, includeProbabilities: Boolean(options.savePredictions),
      includeThumbnails: false, progressToken: 'cli', runsFolder: options.runs,
    }, (p) => bar.update(p), cancelOnInterrupt());
  } finally {
    bar.stop();
  }
  if (options.savePredictions) await writeFileAtomic(options.savePredictions, predictionsFile(record, model.labels.names, options.savePredictions));
  if (options.json) {
    process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
  } else {
    const r = record.results;
    for (const p of r.predictions) {
      const truth = p.label === null ? '' : ` (true: ${model.labels.names[p.label] ?? p.label})`;
      process.stdout.write(`${p.id}\t${p.top.map((t) => `${t.name} ${(t.probability * 100).toFixed(1)}%`).join(', ')}${truth}\n`);
    }
    const accuracy = r.top1Accuracy === null ? 'no labels' : `top-1 accuracy ${(r.top1Accuracy * 100).toFixed(2)}% on ${r.labelledCount} labelled images`;
    process.stdout.write(`\n${r.predictions.length} images, ${accuracy}, ${record.timings.imagesPerSecond?.toFixed(1)} images/s on ${record.backend.label}\n`);
    for (const warning of r.warnings) process.stdout.write(`warning: ${warning}\n`);
    if (r.skipped.length) process.stdout.write(`${formatSkipped(r.skipped)}\n`);
  }
  return record;
}

/** Per-image probabilities as CSV (id,label,p_<class>…) or JSON, chosen by the file's extension. */
function predictionsFile(record: RunRecord<PredictResults>, classNames: string[], file: string): string {
  const rows = record.results.predictions;
  if (extname(file).toLowerCase() === '.csv') {
    const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const header = ['image_id', 'label', ...classNames.map((n) => `p_${n}`)].map(quote).join(',');
    return `${header}\n${rows.map((p) => [quote(p.id), p.label ?? '', ...(p.probabilities ?? []).map((v) => v.toPrecision(7))].join(',')).join('\n')}\n`;
  }
  return JSON.stringify({ model: record.results.modelPath, classNames, runId: record.id, predictions: rows.map((p) => ({ id: p.id, label: p.label, probabilities: p.probabilities })) });
}
