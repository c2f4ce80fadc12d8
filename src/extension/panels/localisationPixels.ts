// The localisation panel posts a run's numbers at once but its pixels (score map and image, about 17 kB an image
// as data: URIs) only for the images the webview shows: a 250-image run is 5.7 MB with pixels, 1.4 MB without.
import type { LocalisationImagePixels, PanelCamResults } from '../../protocol/panels';
import type { RunRecord } from '../../protocol/records';
import type { CamResults } from '../../protocol/rpc';

export function withoutPixels(record: RunRecord<CamResults>): RunRecord<PanelCamResults> {
  const images = record.results.images.map(({ overlay, ...image }) => ({ ...image, overlay: overlay && { boxes: overlay.boxes, ious: overlay.ious } }));
  return { ...record, results: { ...record.results, images } };
}

/** The pixels of `imageIndices` in every run that has them (runs saved without overlays have none). */
export function pixelsOf(records: readonly RunRecord<CamResults>[], imageIndices: readonly number[]): LocalisationImagePixels[] {
  return records.flatMap((record) => imageIndices.flatMap((imageIndex) => {
    const overlay = record.results.images[imageIndex]?.overlay;
    return overlay ? [{ recordId: record.id, imageIndex, map: overlay.map, image: overlay.image }] : [];
  }));
}
