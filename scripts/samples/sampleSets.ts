// The seeded sets of sample images: training images from the training digits, the evaluation set from the held-out ones.
import type { SeededRandom } from '../../src/engine/random';
import { makeSampleImage, type SampleImage } from './makeSampleImage';
import { digitCount, mnistDigit } from './mnistDigits';

export const classNames = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** `count` training images, classes in turn, each from a random training digit of its class. */
export function makeTrainingSet(rng: SeededRandom, count: number): SampleImage[] {
  const images: SampleImage[] = [];
  for (let i = 0; i < count; i++) {
    const label = i % classNames.length;
    images.push(makeSampleImage(rng, mnistDigit(label, rng.int(digitCount(label, 'train')), 'train')));
  }
  return images;
}

/** `perClass` images of each class, each from a distinct held-out digit, ordered by class. */
export function makeEvaluationSet(rng: SeededRandom, perClass: number): SampleImage[] {
  const images: SampleImage[] = [];
  for (let label = 0; label < classNames.length; label++) {
    const digitIndices = rng.permutation(digitCount(label, 'eval')).slice(0, perClass);
    for (const index of digitIndices) images.push(makeSampleImage(rng, mnistDigit(label, index, 'eval')));
  }
  return images;
}
