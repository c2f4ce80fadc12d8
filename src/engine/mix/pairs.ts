// Which two items of a dataset batch are mixed (definitions.md §6: "two images x1, x2"): seeded random pairs, pairs across two classes, or an explicit pair.
import { UserFacingError } from '../errors';
import type { SeededRandom } from '../random';

/** Indices of the two items mixed: `first` is x1 (weight λ), `second` is x2 (weight 1−λ). */
export interface ImagePair {
  first: number;
  second: number;
}

function checkPairCount(pairCount: number): void {
  if (!Number.isInteger(pairCount) || pairCount < 1) throw new UserFacingError(`The number of pairs must be a whole number ≥ 1; got ${pairCount}.`, 'bad-input');
}

/** `pairCount` pairs of two different items drawn uniformly from `itemCount` items. */
export function randomPairs(rng: SeededRandom, itemCount: number, pairCount: number): ImagePair[] {
  checkPairCount(pairCount);
  if (!Number.isInteger(itemCount) || itemCount < 2) throw new UserFacingError(`Random pairs need at least two images; got ${itemCount}.`, 'bad-input');
  return Array.from({ length: pairCount }, () => {
    const first = rng.int(itemCount);
    return { first, second: (first + 1 + rng.int(itemCount - 1)) % itemCount };
  });
}

/** `pairCount` pairs whose first item is drawn uniformly from class `firstClass` and second from class `secondClass`. */
export function crossClassPairs(rng: SeededRandom, classes: ArrayLike<number>, firstClass: number, secondClass: number, pairCount: number): ImagePair[] {
  checkPairCount(pairCount);
  const membersOf = (label: number): number[] => {
    const members = Array.from(classes, (c, i) => (c === label ? i : -1)).filter((i) => i >= 0);
    if (members.length === 0) throw new UserFacingError(`No image of class ${label} is in this batch, so it cannot be paired.`, 'not-found');
    return members;
  };
  const firstMembers = membersOf(firstClass);
  const secondMembers = membersOf(secondClass);
  return Array.from({ length: pairCount }, () => ({ first: firstMembers[rng.int(firstMembers.length)], second: secondMembers[rng.int(secondMembers.length)] }));
}

/** The one pair the user chose, checked against the number of items. */
export function explicitPair(first: number, second: number, itemCount: number): ImagePair[] {
  for (const index of [first, second]) {
    if (!Number.isInteger(index) || index < 0 || index >= itemCount) throw new UserFacingError(`Image ${index} is not in this batch of ${itemCount} images.`, 'bad-input');
  }
  return [{ first, second }];
}
