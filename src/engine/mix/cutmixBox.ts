// CutMix (Yun et al. 2019), definitions.md §6: λ ~ Beta(β, β); a box of width ⌊W√(1−λ)⌋ and height
// ⌊H√(1−λ)⌋ (int() truncation, as the authors' rand_bbox) centred at a uniform pixel, clipped to the image;
// x2's box is pasted into x1 and λ is recomputed as 1 − clipped area/(W·H); y = λ·y1 + (1−λ)·y2.
import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../random';

/** A CutMix box in pixel coordinates with exclusive ends, and the label weight of the image it is pasted into. */
export interface CutMixBox {
  x0: number;
  y0: number;
  /** Exclusive. */
  x1: number;
  /** Exclusive. */
  y1: number;
  /** 1 − (x1−x0)(y1−y0)/(W·H): the share of the image that still shows x1. */
  lambda: number;
}

function clip(value: number, lo: number, hi: number): number {
  return Math.min(Math.max(value, lo), hi);
}

/**
 * Samples one CutMix box for an H×W image. As in the reference rand_bbox, the half-extent is ⌊cut/2⌋ on
 * each side of the centre (so an odd cut size loses one pixel before clipping) and the centre is a uniform
 * integer pixel.
 */
export function sampleCutMixBox(rng: SeededRandom, height: number, width: number, beta = 1): CutMixBox {
  const sampledLambda = rng.beta(beta, beta);
  const cutRatio = Math.sqrt(1 - sampledLambda);
  const halfWidth = Math.floor(Math.trunc(width * cutRatio) / 2);
  const halfHeight = Math.floor(Math.trunc(height * cutRatio) / 2);
  const centreX = rng.int(width);
  const centreY = rng.int(height);
  return boxAround(centreX, centreY, halfWidth, halfHeight, height, width);
}

/** The box [cx−hw, cx+hw) × [cy−hh, cy+hh) clipped to the image, with λ recomputed from its clipped area. */
export function boxAround(centreX: number, centreY: number, halfWidth: number, halfHeight: number, height: number, width: number): CutMixBox {
  const x0 = clip(centreX - halfWidth, 0, width);
  const x1 = clip(centreX + halfWidth, 0, width);
  const y0 = clip(centreY - halfHeight, 0, height);
  const y1 = clip(centreY + halfHeight, 0, height);
  return { x0, y0, x1, y1, lambda: 1 - ((x1 - x0) * (y1 - y0)) / (width * height) };
}

export interface CutMixBatch {
  /** [N, H, W, C]: each image with the box cut from its partner pasted in. */
  images: tf.Tensor4D;
  /** [N, K]: λ·y + (1−λ)·y[partner]. */
  labels: tf.Tensor2D;
  box: CutMixBox;
  /** partner[i] is the index of the image whose box was pasted into image i. */
  partner: number[];
}

/** A [1, H, W, 1] mask that is 1 inside the box and 0 outside. */
function boxMask(box: CutMixBox, height: number, width: number): tf.Tensor4D {
  const mask = new Float32Array(height * width);
  for (let y = box.y0; y < box.y1; y++) mask.fill(1, y * width + box.x0, y * width + box.x1);
  return tf.tensor4d(mask, [1, height, width, 1]);
}

/** CutMix over a batch, one box and λ per batch with a random partner permutation (as in the reference training loop). */
export function cutMixBatch(rng: SeededRandom, images: tf.Tensor4D, labels: tf.Tensor2D, beta = 1): CutMixBatch {
  const [n, height, width] = images.shape;
  const box = sampleCutMixBox(rng, height, width, beta);
  const partner = rng.permutation(n);
  const mixed = tf.tidy(() => {
    const partnerIndex = tf.tensor1d(partner, 'int32');
    const mask = boxMask(box, height, width);
    const mixedImages = images.mul(tf.scalar(1).sub(mask)).add(tf.gather(images, partnerIndex).mul(mask)) as tf.Tensor4D;
    const mixedLabels = labels.mul(box.lambda).add(tf.gather(labels, partnerIndex).mul(1 - box.lambda)) as tf.Tensor2D;
    return { mixedImages, mixedLabels };
  });
  return { images: mixed.mixedImages, labels: mixed.mixedLabels, box, partner };
}
