// A predict request: top-k predictions of one loaded model on an image, a folder or a dataset, batch by batch.
import { resolve } from 'node:path';
import type { RunSpec } from '../../protocol/records';
import type { ImagePrediction, PredictParams, PredictResults } from '../../protocol/predict';
import type { ProgressSink } from '../../protocol/progress';
import { imageBatches } from '../data/batches';
import { openDataSourceFor } from '../data/classMapping';
import { geometryFromProfile } from '../data/geometry';
import { itemThumbnailJpeg } from '../data/itemPixels';
import { UserFacingError } from '../errors';
import type { Classifier } from '../model/classifier';
import { inlineImages, type ImageSink } from '../runs/imageSink';
import { topK } from '../topK';

/** `images` keeps the thumbnails: inline unless the run is saved as it goes. */
export async function predictRequest(params: PredictParams, classifier: Classifier, batchSize: number, onProgress: ProgressSink, signal?: AbortSignal, images: ImageSink = inlineImages): Promise<{ results: PredictResults; spec: RunSpec; imageCount: number }> {
  const { profile, labels } = classifier;
  const { source, warnings } = await openDataSourceFor(params.data, labels);
  const items = params.limit ? source.items.slice(0, params.limit) : source.items;
  if (items.length === 0) throw new UserFacingError(`No readable images found in ${params.data}.`, 'bad-input');
  const geometry = geometryFromProfile(profile);
  const predictions: ImagePrediction[] = [];
  const skipped = [...source.skipped];
  onProgress({ done: 0, total: items.length, message: `Predicting ${items.length} images` });
  for await (const batch of imageBatches(items, geometry, batchSize, signal)) {
    skipped.push(...batch.skipped);
    if (batch.items.length === 0) {
      batch.images.dispose();
      continue;
    }
    const probabilities = await classifier.predict(batch.images).finally(() => batch.images.dispose());
    const values = await probabilities.data();
    probabilities.dispose();
    const classes = labels.names.length;
    for (let i = 0; i < batch.items.length; i++) {
      const item = batch.items[i];
      const row = values.subarray(i * classes, (i + 1) * classes);
      predictions.push({
        id: item.id, path: item.path, label: item.label,
        top: topK(row, labels.names, params.topK),
        probabilities: params.includeProbabilities ? Array.from(row) : null,
        thumbnail: params.includeThumbnails ? await images.store(await itemThumbnailJpeg(item), 'jpeg') : null,
      });
    }
    onProgress({ done: predictions.length + skipped.length - source.skipped.length, total: items.length, message: `Predicted ${predictions.length} of ${items.length}` });
  }
  if (signal?.aborted) throw new UserFacingError('Prediction cancelled.', 'cancelled');
  const labelled = predictions.filter((p) => p.label !== null);
  const correct = labelled.filter((p) => p.top[0]?.index === p.label).length;
  const results: PredictResults = {
    modelPath: params.modelId, predictions, skipped,
    top1Accuracy: labelled.length > 0 ? correct / labelled.length : null,
    labelledCount: labelled.length,
    warnings,
  };
  const spec: RunSpec = { analysis: 'predict', models: [{ path: params.modelId, profile }], data: resolve(params.data), params: { topK: params.topK, limit: params.limit ?? null, batchSize }, seed: 0 };
  return { results, spec, imageCount: predictions.length };
}
