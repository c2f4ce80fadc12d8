// The centred holes of the occlusion-robustness test (definitions.md §3; CutMix paper, Chun et al. 2019).
import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '../errors';

export type OcclusionMode = 'centre' | 'boundary';
export const OCCLUSION_MODES: readonly OcclusionMode[] = ['centre', 'boundary'];

/** Hole sizes 0, 1/8, …, 1 of the side by default. */
export const DEFAULT_HOLE_SIZE_COUNT = 9;

/** A hole as a fraction of the image side and in pixels (round(fraction·H) × round(fraction·W); a square on square images). */
export interface HoleSize {
  fraction: number;
  height: number;
  width: number;
}

/** `count` sizes in even steps from 0 to the full side, both ends included. */
export function holeSizes(height: number, width: number, count = DEFAULT_HOLE_SIZE_COUNT): HoleSize[] {
  if (!Number.isInteger(count) || count < 2) throw new UserFacingError(`Occlusion robustness needs a whole number of hole sizes ≥ 2 (0 and the full side at least), got ${count}.`, 'bad-input');
  return Array.from({ length: count }, (_, i) => {
    const fraction = i / (count - 1);
    return { fraction, height: Math.round(fraction * height), width: Math.round(fraction * width) };
  });
}

// definitions.md §3: the keep-mask [1, H, W, 1] of a centred hole (offset floor((side − hole)/2)); 'centre' zeroes the hole, 'boundary' everything outside it.
export function holeMask(height: number, width: number, hole: HoleSize, mode: OcclusionMode): tf.Tensor4D {
  const top = Math.floor((height - hole.height) / 2);
  const left = Math.floor((width - hole.width) / 2);
  const inside = mode === 'centre' ? 0 : 1;
  const mask = new Float32Array(height * width).fill(1 - inside);
  for (let y = top; y < top + hole.height; y++) mask.fill(inside, y * width + left, y * width + left + hole.width);
  return tf.tensor4d(mask, [1, height, width, 1]);
}
