// Which dataset images a mix preview pairs (MixPairing), as indices into the labelled items of the dataset.
import type { ImageItem } from '../../protocol/data';
import type { MixPairing } from '../../protocol/mix';
import { UserFacingError } from '../errors';
import type { SeededRandom } from '../random';
import { crossClassPairs, explicitPair, randomPairs, type ImagePair } from './pairs';

/** Labelled items only: a mixed target needs both labels. */
export function labelledItems(items: readonly ImageItem[]): (ImageItem & { label: number })[] {
  return items.filter((item): item is ImageItem & { label: number } => item.label !== null);
}

export function selectPairs(rng: SeededRandom, items: readonly (ImageItem & { label: number })[], pairing: MixPairing): ImagePair[] {
  switch (pairing.kind) {
    case 'random': return randomPairs(rng, items.length, pairing.count);
    case 'classes': return crossClassPairs(rng, items.map((item) => item.label), pairing.firstClass, pairing.secondClass, pairing.count);
    case 'images': {
      const indexOf = (id: string): number => {
        const index = items.findIndex((item) => item.id === id);
        if (index < 0) throw new UserFacingError(`No labelled image with id ${id} is in this dataset.`, 'not-found');
        return index;
      };
      return explicitPair(indexOf(pairing.firstId), indexOf(pairing.secondId), items.length);
    }
  }
}
