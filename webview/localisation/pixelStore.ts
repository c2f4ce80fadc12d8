// The pixels (score map and image) the host sent for the images on screen, and which shown images still need
// asking for. The host sends a run's numbers at once but its pixels only on request, a page at a time.
import { MAX_PIXEL_IMAGES_PER_MESSAGE, type LocalisationImagePixels } from '../../src/protocol/panels';

export class PixelStore {
  private readonly received = new Map<string, LocalisationImagePixels>();
  private readonly asked = new Set<number>();

  get(recordId: string, imageIndex: number): LocalisationImagePixels | undefined {
    return this.received.get(`${recordId}/${imageIndex}`);
  }

  add(pixels: readonly LocalisationImagePixels[]): void {
    for (const p of pixels) this.received.set(`${p.recordId}/${p.imageIndex}`, p);
  }

  /** The requests for the images among `shown` not asked for yet (at most MAX_PIXEL_IMAGES_PER_MESSAGE each); marks them asked. */
  requestsFor(shown: Iterable<number>): number[][] {
    const missing = [...new Set(shown)].filter((index) => !this.asked.has(index)).sort((a, b) => a - b);
    for (const index of missing) this.asked.add(index);
    const requests: number[][] = [];
    for (let start = 0; start < missing.length; start += MAX_PIXEL_IMAGES_PER_MESSAGE) requests.push(missing.slice(start, start + MAX_PIXEL_IMAGES_PER_MESSAGE));
    return requests;
  }

  /** Forgets everything, when new runs replace the shown ones. */
  clear(): void {
    this.received.clear();
    this.asked.clear();
  }
}
