// The few images the report's localisation section draws: evenly spaced through the dataset (not picked by result),
// each under every model's map, blended server-side, with the box at that model's localisation τ.
import type { Box } from '../../protocol/data';
import type { ColorMapName } from '../../protocol/messages/localisation';
import type { RunRecord } from '../../protocol/records';
import type { CamResults } from '../../protocol/cam';
import { camOverlayJpegDataUri } from './camOverlayImage';

export interface LocalisationFigureCell {
  /** The blended picture as a JPEG data: URI, at the evaluation size. */
  picture: string;
  box: Box;
  groundTruth: Box[];
  /** Null when the image has no ground-truth box. */
  iou: number | null;
  predicted: number;
}

export interface LocalisationFigure { id: string; label: number | null; cells: LocalisationFigureCell[] }

export const REPORT_COLOR_MAP: ColorMapName = 'jet';
export const REPORT_MAP_OPACITY = 0.5;

/** `count` image indices spread evenly over `total`. */
export function evenlySpaced(total: number, count: number): number[] {
  const n = Math.min(total, count);
  return Array.from({ length: n }, (_, i) => Math.floor(((i + 0.5) * total) / n));
}

/** Figures for `count` images shared by every run (runs over the same dataset list images in the same order). */
export async function localisationFigures(records: readonly RunRecord<CamResults>[], count: number): Promise<LocalisationFigure[]> {
  const total = Math.min(...records.map((r) => r.results.images.length));
  const figures: LocalisationFigure[] = [];
  for (const index of evenlySpaced(total, count)) {
    const first = records[0].results.images[index];
    const cells: LocalisationFigureCell[] = [];
    for (const record of records) {
      const image = record.results.images[index];
      if (!image.overlay) throw new Error(`The run for ${record.results.modelPath} was made without overlays; the report needs includeOverlays.`);
      cells.push({
        picture: await camOverlayJpegDataUri(image.overlay, REPORT_COLOR_MAP, REPORT_MAP_OPACITY),
        box: image.box, groundTruth: image.groundTruth, iou: image.iou, predicted: image.predicted,
      });
    }
    figures.push({ id: first.id, label: first.label, cells });
  }
  return figures;
}
