// The sweep's gallery: a few images of the first batch under each corruption at severity 3 (or the nearest swept severity),
// spread over the batch's classes and different for each corruption, with each model's clean and corrupted top-1
// prediction, flagged where the corruption flips it.
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import type { ImageItem } from '../../protocol/data';
import { GENERATED_LABELS_SOURCE } from '../../protocol/model';
import type { SweepGalleryEntry } from '../../protocol/sweep';
import type { CorruptionName, Severity } from '../corruptions';
import type { Classifier } from '../model/classifier';
import type { ConditionOutputs } from './conditionOutputs';

/** The severity the gallery shows. */
export const GALLERY_SEVERITY: Severity = 3;
const GALLERY_JPEG_QUALITY = 85;

/** The gallery's class names: the first model's that has names of its own (not 'class 0', 'class 1', …), else null. */
export function sweepClassNames(models: ReadonlyArray<{ classifier: Pick<Classifier, 'labels'> }>): string[] | null {
  const named = models.find((m) => m.classifier.labels.source !== GENERATED_LABELS_SOURCE);
  return named ? [...named.classifier.labels.names] : null;
}

/** GALLERY_SEVERITY when it was swept, else the swept severity closest to it (the lower on a tie). */
export function gallerySeverity(severities: readonly Severity[]): Severity {
  return [...severities].sort((a, b) => Math.abs(a - GALLERY_SEVERITY) - Math.abs(b - GALLERY_SEVERITY) || a - b)[0];
}

/** The images at `indices` of a [b, H, W, 3] batch in [0, 1] as JPEG data: URIs; the input is not disposed. */
export async function jpegDataUris(images: tf.Tensor4D, indices: readonly number[]): Promise<string[]> {
  const [, height, width] = images.shape;
  const bytes = tf.tidy(() => tf.gather(images, tf.tensor1d(Array.from(indices), 'int32')).mul(255).round().clipByValue(0, 255).cast('int32'));
  const values = Uint8Array.from(await bytes.data());
  bytes.dispose();
  const size = height * width * 3;
  return Promise.all(indices.map(async (_, i) => {
    const jpeg = await sharp(values.subarray(i * size, (i + 1) * size), { raw: { width, height, channels: 3 } }).jpeg({ quality: GALLERY_JPEG_QUALITY }).toBuffer();
    return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
  }));
}

/**
 * `count` positions of a batch whose labels are `labels`, spread over its classes: the classes' images interleaved
 * (first of each class, then second of each, …), read from `rotation × count` on (wrapping), so that successive
 * rotations show other images and, as far as the batch allows, other classes.
 */
export function spreadOverClasses(labels: readonly (number | null)[], count: number, rotation: number): number[] {
  const byClass = new Map<number, number[]>();
  labels.forEach((label, i) => byClass.set(label ?? -1, [...(byClass.get(label ?? -1) ?? []), i]));
  const groups = [...byClass.entries()].sort(([a], [b]) => a - b).map(([, positions]) => positions);
  const interleaved = Array.from({ length: Math.max(0, ...groups.map((g) => g.length)) }, (_, j) => groups.flatMap((g) => (j < g.length ? [g[j]] : []))).flat();
  const n = Math.min(count, interleaved.length);
  const start = n === 0 ? 0 : (rotation * n) % interleaved.length;
  return Array.from({ length: n }, (_, i) => interleaved[(start + i) % interleaved.length]);
}

/** Collects gallery entries keyed by corruption and image, then each model's predictions for them. */
export class SweepGallery {
  private readonly entries = new Map<string, SweepGalleryEntry>();
  /** Each corruption's rotation through the batch, in the order the corruptions first arrive. */
  private readonly rotations = new Map<string, number>();

  constructor(readonly imageCount: number, readonly severity: Severity) {}

  /** Whether the images of `condition` on this batch belong in the gallery. */
  wants(batchIndex: number, severity: Severity): boolean {
    return this.imageCount > 0 && batchIndex === 0 && severity === this.severity;
  }

  /** Records the clean and corrupted images of the batch's images chosen for `corruption` (the first group to show them wins). */
  async addImages(items: readonly ImageItem[], clean: tf.Tensor4D, corrupted: tf.Tensor4D, corruption: CorruptionName): Promise<void> {
    if (!this.rotations.has(corruption)) this.rotations.set(corruption, this.rotations.size);
    const chosen = spreadOverClasses(items.map((item) => item.label), this.imageCount, this.rotations.get(corruption) ?? 0);
    if (chosen.every((i) => this.entries.has(key(corruption, items[i].id)))) return;
    const [cleanUris, corruptedUris] = await Promise.all([jpegDataUris(clean, chosen), jpegDataUris(corrupted, chosen)]);
    chosen.forEach((i, j) => {
      const k = key(corruption, items[i].id);
      if (!this.entries.has(k)) {
        this.entries.set(k, {
          imageId: items[i].id, label: items[i].label ?? -1, corruption, severity: this.severity,
          cleanImage: cleanUris[j], corruptedImage: corruptedUris[j], predictions: [],
        });
      }
    });
  }

  /** Adds one model's clean and corrupted top-1 predictions to the entries of `corruption`. */
  addPredictions(modelId: string, items: readonly ImageItem[], corruption: CorruptionName, clean: ConditionOutputs, corrupted: ConditionOutputs): void {
    items.forEach((item, i) => {
      const entry = this.entries.get(key(corruption, item.id));
      if (!entry || entry.predictions.some((p) => p.modelId === modelId)) return;
      const before = { classIndex: clean.predicted[i], probability: clean.confidence[i] };
      const after = { classIndex: corrupted.predicted[i], probability: corrupted.confidence[i] };
      entry.predictions.push({ modelId, clean: before, corrupted: after, flipped: before.classIndex !== after.classIndex });
    });
  }

  /** The entries some model has predictions for (a batch cancelled part-way adds images but no predictions). */
  list(): SweepGalleryEntry[] {
    return [...this.entries.values()].filter((entry) => entry.predictions.length > 0);
  }
}

function key(corruption: string, imageId: string): string {
  return `${corruption}\u0000${imageId}`;
}
