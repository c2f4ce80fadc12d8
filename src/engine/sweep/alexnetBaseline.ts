// AlexNet's published ImageNet-C errors, the fixed mCE baseline for ImageNet models (definitions.md §1.4).
import type { CorruptionName } from '../corruptions';

/** AlexNet's top-1 error per benchmark corruption, averaged over severities 1..5 (Hendrycks & Dietterich 2019). */
export const ALEXNET_MEAN_ERRORS: Readonly<Partial<Record<CorruptionName, number>>> = {
  gaussian_noise: 0.886428, shot_noise: 0.894468, impulse_noise: 0.92264,
  defocus_blur: 0.81988, glass_blur: 0.826268, motion_blur: 0.785948, zoom_blur: 0.79836,
  snow: 0.866816, frost: 0.826572, fog: 0.819324, brightness: 0.564592,
  contrast: 0.853204, elastic_transform: 0.646056, pixelate: 0.71784, jpeg_compression: 0.6065,
};

/** AlexNet's clean ImageNet top-1 error. */
export const ALEXNET_CLEAN_ERROR = 0.4345;

/** ImageNet's class count: the AlexNet baseline applies only to models with this many outputs. */
export const IMAGENET_CLASS_COUNT = 1000;
