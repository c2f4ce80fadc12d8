// Where the occluding windows of a sensitivity map go (definitions.md §3, sensitivity map; Captum's Occlusion layout).
import { UserFacingError } from '../errors';

/** A window's rows [top, top + height) and columns [left, left + width), already clipped to the image. */
export interface OcclusionWindow {
  top: number;
  left: number;
  height: number;
  width: number;
}

/** Starts 0, s, 2s, … up to the first that reaches the far edge (ceil((length − k)/s) + 1 of them); the last window may overhang and is clipped, so every pixel is covered. */
function windowStarts(length: number, window: number, stride: number): number[] {
  const count = window >= length ? 1 : Math.ceil((length - window) / stride) + 1;
  return Array.from({ length: count }, (_, i) => i * stride);
}

/** Every window of side `window` and step `stride` over an H×W image, row by row. */
export function occlusionWindows(height: number, width: number, window: number, stride: number): OcclusionWindow[] {
  if (!Number.isInteger(window) || window < 1) throw new UserFacingError(`The occlusion window must be a whole number of pixels ≥ 1, got ${window}.`, 'bad-input');
  if (!Number.isInteger(stride) || stride < 1 || stride > window) {
    throw new UserFacingError(`The occlusion stride must be a whole number of pixels from 1 to the window size (${window}), so that every pixel is covered; got ${stride}.`, 'bad-input');
  }
  const windows: OcclusionWindow[] = [];
  for (const top of windowStarts(height, window, stride)) {
    for (const left of windowStarts(width, window, stride)) {
      windows.push({ top, left, height: Math.min(window, height - top), width: Math.min(window, width - left) });
    }
  }
  return windows;
}

/** [n, H·W] float masks, 1 inside each window: row i is windows[i]. */
export function windowMasks(windows: readonly OcclusionWindow[], height: number, width: number): Float32Array {
  const masks = new Float32Array(windows.length * height * width);
  windows.forEach((w, i) => {
    for (let y = w.top; y < w.top + w.height; y++) masks.fill(1, i * height * width + y * width + w.left, i * height * width + y * width + w.left + w.width);
  });
  return masks;
}

/** How many windows cover each pixel, [H·W]. */
export function coverageCounts(windows: readonly OcclusionWindow[], height: number, width: number): Float32Array {
  const counts = new Float32Array(height * width);
  for (const w of windows) {
    for (let y = w.top; y < w.top + w.height; y++) for (let x = w.left; x < w.left + w.width; x++) counts[y * width + x]++;
  }
  return counts;
}
