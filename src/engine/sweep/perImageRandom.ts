// Per-image random streams: each image's draws come from (seed, what is drawn, image id) alone, so a shard, a rerun, a
// different batch size or a corrupted copy on disk reproduces exactly the same pixels (definitions.md, notation).
import * as tf from '@tensorflow/tfjs';
import { corrupt, type CorruptOptions, type CorruptionName, type Severity } from '../corruptions';
import { hostValuesView, onHostBackend, tensor4dFilledOnHost } from '../hostBackend';
import { SeededRandom } from '../random';
import { syntheticOodImages, type SyntheticOodKind } from '../uncertainty';

/** The stream of one image under one corruption and severity. */
export function corruptionRandom(seed: number, name: CorruptionName, severity: Severity, imageId: string): SeededRandom {
  return SeededRandom.fromSeed(seed).fork(`corruption/${name}/${severity}/${imageId}`);
}

/** Runs `make` on each image's row with its own stream and stacks the rows back into one batch; the input is not disposed. */
async function perImage(images: tf.Tensor4D, make: (row: tf.Tensor4D, index: number) => Promise<tf.Tensor4D>): Promise<tf.Tensor4D> {
  // A single image is its own row: no copy and no concatenation (corrupt-dataset and the demo corrupt one at a time).
  if (images.shape[0] === 1) return make(images, 0);
  const rows: tf.Tensor4D[] = [];
  // On wasm every tf.slice copies the whole batch first, so on host backends each row is copied from the batch's memory.
  const onHost = onHostBackend() && images.dtype === 'float32';
  const [batch, height, width, channels] = images.shape;
  const rowSize = height * width * channels;
  try {
    for (let i = 0; i < batch; i++) {
      const row = onHost
        ? tensor4dFilledOnHost([1, height, width, channels], (out) => out.set(hostValuesView(images).subarray(i * rowSize, (i + 1) * rowSize)))
        : tf.slice(images, [i, 0, 0, 0], [1, -1, -1, -1]);
      try {
        rows.push(await make(row, i));
      } finally {
        row.dispose();
      }
    }
    return tf.concat(rows, 0);
  } finally {
    tf.dispose(rows);
  }
}

// definitions.md §1: `name` at `severity` applied to each image of the batch with that image's own stream.
export function corruptPerImage(images: tf.Tensor4D, imageIds: readonly string[], name: CorruptionName, severity: Severity, seed: number, options: CorruptOptions): Promise<tf.Tensor4D> {
  return perImage(images, (row, i) => corrupt(row, name, severity, corruptionRandom(seed, name, severity, imageIds[i]), options));
}

// definitions.md §5: one synthetic OOD image per in-distribution image, drawn from (seed, set, image id).
export function syntheticOodBatch(kind: SyntheticOodKind, imageIds: readonly string[], height: number, width: number, seed: number): tf.Tensor4D {
  const rows = imageIds.map((id) => syntheticOodImages(kind, SeededRandom.fromSeed(seed).fork(`ood/${kind}/${id}`), 1, height, width));
  try {
    return tf.concat(rows, 0);
  } finally {
    tf.dispose(rows);
  }
}
