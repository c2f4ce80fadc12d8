// Datasets as the engine sees them: items with optional labels and ground-truth boxes.

/** A box in pixel coordinates of the original image, inclusive corners (wsolevaluation convention). */
export interface Box { x0: number; y0: number; x1: number; y1: number }

export interface ImageItem {
  /** Stable identifier: the path relative to the dataset root (wsolevaluation image_id). */
  id: string;
  path: string;
  label: number | null;
  boxes: Box[];
  /** Original width and height when the metadata states them. */
  size: [number, number] | null;
  /** The line of each box in the metadata file it was read from (wsolevaluation's localization.txt), for messages. */
  boxLines?: number[];
}

export interface SkippedFile { path: string; reason: string }

export const dataSourceKinds = ['image', 'folder', 'imagefolder', 'wsol'] as const;
export type DataSourceKind = (typeof dataSourceKinds)[number];

export interface DataSourceInfo {
  kind: DataSourceKind;
  root: string;
  items: ImageItem[];
  classNames: string[] | null;
  skipped: SkippedFile[];
}
