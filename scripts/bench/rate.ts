// The one timing loop every bench figure comes from: a warm-up run, then runs until a minimum time has passed.
import * as tf from '@tensorflow/tfjs';

export type BatchRun = () => tf.Tensor | tf.Tensor[] | Promise<tf.Tensor | tf.Tensor[]>;

/** Waits for the run's first output to be computed (its values read back), then frees every output. */
async function finish(out: tf.Tensor | tf.Tensor[]): Promise<void> {
  await (Array.isArray(out) ? out[0] : out).data();
  tf.dispose(out);
}

/** Mean images/s of `run` on a batch of `batch` images over at least `minSeconds` (and one run) after one warm-up run. */
export async function imagesPerSecond(run: BatchRun, batch: number, minSeconds: number): Promise<number> {
  await finish(await run());
  let images = 0;
  const start = performance.now();
  while (performance.now() - start < minSeconds * 1000 || images === 0) {
    await finish(await run());
    images += batch;
  }
  return images / ((performance.now() - start) / 1000);
}
