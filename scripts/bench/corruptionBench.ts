// Every corruption's throughput on the current backend at severity 3: at 224² with ImageNet-C parameters and at 32²
// with CIFAR-10-C parameters.
import { CORRUPTIONS, corrupt } from '../../src/engine/corruptions';
import { SeededRandom } from '../../src/engine/random';
import { imagesPerSecond } from './rate';
import { testImages } from './testImages';

export interface Rate { name: string; size: number; batch: number; imagesPerSecond: number }

const SEVERITY = 3;

/** The image sizes measured and the batch at each (the same on every backend, so that their rates compare). */
export const CORRUPTION_BATCHES = [{ size: 224, batch: 8 }, { size: 32, batch: 32 }] as const;

async function ratesAt(size: number, batch: number, minSeconds: number): Promise<Rate[]> {
  const images = testImages(batch, size);
  const parameterSet = size <= 64 ? 'cifar-10-c' : 'imagenet-c';
  const rates: Rate[] = [];
  for (const info of CORRUPTIONS) {
    const rng = SeededRandom.fromSeed(1);
    const ips = await imagesPerSecond(() => corrupt(images, info.name, SEVERITY, rng, { parameterSet }), batch, minSeconds);
    rates.push({ name: info.displayName, size, batch, imagesPerSecond: ips });
  }
  images.dispose();
  return rates;
}

/** Each corruption at each of CORRUPTION_BATCHES' sizes, in registry order, 224² first. */
export async function measureCorruptions(minSeconds: number): Promise<Rate[]> {
  const rates: Rate[] = [];
  for (const { size, batch } of CORRUPTION_BATCHES) rates.push(...await ratesAt(size, batch, minSeconds));
  return rates;
}
