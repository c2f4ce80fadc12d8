// Temperature scaling's fit in a sweep (definitions.md §5): each model's logits on the whole calibration split, batched and
// preprocessed as the clean pass (the same decoding per geometry group, the same forward passes), then the T minimising their NLL.
// Every shard and worker runs it on the whole split, in the same batches, so they all fit the same T.
import { imageBatches } from '../data/batches';
import { fitTemperature } from '../uncertainty/temperatureScaling';
import type { CalibrationSplitItems } from './calibrationSplit';
import { conditionOutputs, withLogitScores } from './conditionOutputs';
import type { LabelledItem, SweepSetup } from './sweepSetup';
import { temperatureLogitsOf } from './temperatureLogits';
import type { SweepTemperatureFit } from '../../protocol/sweep';
import type { BatchLogits } from './temperatureTally';

/** One model's logits over the split, batch after batch, with the labels of the images that decoded. */
interface SplitLogits {
  batches: BatchLogits[];
  labels: number[];
}

function concatenated(batches: readonly BatchLogits[]): Float64Array {
  const out = new Float64Array(batches.reduce((n, b) => n + b.values.length, 0));
  let offset = 0;
  for (const b of batches) {
    out.set(b.values, offset);
    offset += b.values.length;
  }
  return out;
}

/**
 * The fit per model id; null when cancelled part-way. `onPass` is called after each batch through each model.
 */
export async function fitSplitTemperatures(
  setup: Pick<SweepSetup, 'groups' | 'batchSize' | 'classCount'>, split: CalibrationSplitItems, onPass: (modelId: string) => void, signal?: AbortSignal,
): Promise<Map<string, SweepTemperatureFit> | null> {
  const fits = new Map<string, SweepTemperatureFit>();
  for (const group of setup.groups) {
    const collected = new Map<string, SplitLogits>(group.models.map((m) => [m.modelId, { batches: [], labels: [] }]));
    for await (const batch of imageBatches(split.items, group.geometry, setup.batchSize, signal)) {
      try {
        const labels = (batch.items as LabelledItem[]).map((item) => item.label);
        for (const model of group.models) {
          if (signal?.aborted) return null;
          if (labels.length === 0) continue;
          const outputs = await withLogitScores(model.classifier, batch.images, await conditionOutputs(model.classifier, batch.images, labels));
          const mine = collected.get(model.modelId) as SplitLogits;
          mine.batches.push(temperatureLogitsOf(outputs));
          mine.labels.push(...labels);
          onPass(model.modelId);
        }
      } finally {
        batch.images.dispose();
      }
    }
    if (signal?.aborted) return null;
    for (const [modelId, { batches, labels }] of collected) {
      const kinds = new Set(batches.map((b) => b.kind));
      if (kinds.size > 1) throw new Error(`The calibration split's batches gave both logits and log-probabilities for ${modelId}.`);
      const fit = fitTemperature(concatenated(batches), labels, setup.classCount);
      fits.set(modelId, {
        temperature: fit.temperature, atRangeEdge: fit.atRangeEdge, logitKind: batches[0]?.kind ?? 'logits', split: split.path,
        splitImageCount: labels.length, splitNllBefore: fit.nllBefore, splitNllAfter: fit.nllAfter,
      });
    }
  }
  return fits;
}
