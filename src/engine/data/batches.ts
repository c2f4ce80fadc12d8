// Streams a dataset as model-ready batches: decodes files with bounded concurrency, reads ahead while
// the consumer works on the previous batch, and never holds more than about two batches of pixels.
import * as tf from '@tensorflow/tfjs';
import { availableParallelism } from 'node:os';
import type { ImageItem, SkippedFile } from '../../protocol/data';
import { UserFacingError, errorMessage } from '../errors';
import { settleInOrder } from './concurrency';
import { UnreadableImageError, type DecodeOptions } from './decode';
import type { ResizeGeometry } from './geometry';
import { decodeItemRgb } from './itemPixels';

export interface ImageBatch {
  /** The images in this batch, in dataset order; `images` row i is `items[i]`. */
  items: ImageItem[];
  /** float32 [items.length, H, W, 3], RGB in [0, 1]. The caller disposes it. */
  images: tf.Tensor4D;
  /** Files that could not be decoded since the previous batch (see imageBatches). */
  skipped: SkippedFile[];
}

export interface BatchOptions extends DecodeOptions {
  /** Files decoded at once; defaults to the number of CPU cores, at least 4 so file reads overlap decoding. */
  concurrency?: number;
}

/**
 * Yields batches of exactly `batchSize` decoded images (the last may be smaller), in item order.
 * A file that cannot be decoded is never fatal: it is left out and reported in `skipped` of the batch
 * that holds the images before it (or the first batch). Only when no file at all can be decoded is a
 * batch with no items yielded, to carry the reports; its `images` has shape [0, H, W, 3] and must be
 * disposed like any other. When `signal` aborts, the generator stops without yielding again; check
 * `signal.aborted` after the loop to tell a cancelled run from a finished one.
 */
export async function* imageBatches(
  items: ImageItem[], geometry: ResizeGeometry, batchSize: number, signal?: AbortSignal, options: BatchOptions = {},
): AsyncGenerator<ImageBatch> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new UserFacingError(`The batch size must be a whole number of at least 1, got ${batchSize}.`, 'bad-input');
  const concurrency = options.concurrency ?? Math.max(4, availableParallelism());
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UserFacingError(`The decode concurrency must be a whole number of at least 1, got ${concurrency}.`, 'bad-input');
  const decode = (item: ImageItem): Promise<Uint8Array> => decodeItemRgb(item, geometry, options);
  let filling = new BatchBuilder(geometry, batchSize);
  for await (const outcome of settleInOrder(items, decode, { concurrency, lookahead: batchSize + concurrency })) {
    if (signal?.aborted) return;
    if (!outcome.ok) {
      filling.skip({ path: outcome.item.path, reason: skipReason(outcome.error) });
      continue;
    }
    // A full batch waits for the next readable image, so the failures in between are reported with it.
    if (filling.isFull) {
      yield filling.build();
      if (signal?.aborted) return;
      filling = new BatchBuilder(geometry, batchSize);
    }
    filling.add(outcome.item, outcome.value);
  }
  if (signal?.aborted) return;
  if (filling.size > 0 || filling.hasSkipped) yield filling.build();
}

function skipReason(error: unknown): string {
  return error instanceof UnreadableImageError ? error.reason : errorMessage(error);
}

/** Collects one batch's pixels in a single buffer and turns them into one tensor. */
class BatchBuilder {
  private readonly items: ImageItem[] = [];
  private readonly skipped: SkippedFile[] = [];
  private readonly pixels: Uint8Array;
  private readonly imageLength: number;

  constructor(private readonly geometry: ResizeGeometry, private readonly capacity: number) {
    this.imageLength = geometry.height * geometry.width * 3;
    this.pixels = new Uint8Array(capacity * this.imageLength);
  }

  get size(): number { return this.items.length; }
  get isFull(): boolean { return this.items.length === this.capacity; }
  get hasSkipped(): boolean { return this.skipped.length > 0; }

  add(item: ImageItem, rgb: Uint8Array): void {
    this.pixels.set(rgb, this.items.length * this.imageLength);
    this.items.push(item);
  }

  skip(file: SkippedFile): void {
    this.skipped.push(file);
  }

  build(): ImageBatch {
    const { height, width } = this.geometry;
    const count = this.items.length;
    const bytes = this.pixels.subarray(0, count * this.imageLength);
    const images = tf.tidy(() => tf.tensor4d(bytes, [count, height, width, 3], 'int32').cast('float32').div(255) as tf.Tensor4D);
    return { items: this.items, images, skipped: this.skipped };
  }
}
