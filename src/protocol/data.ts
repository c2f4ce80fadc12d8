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
  /** Ground-truth masks of a wsolevaluation mask dataset (OpenImages layout: instance masks and one ignore mask), absolute paths. */
  masks?: { paths: string[]; ignore: string | null; lines: number[] };
  /** Set when the pixels are a record inside a larger file (`path`: a CIFAR binary batch, a .npy array), not an image file. */
  raw?: RawPixels;
}

/** Where one image's 8-bit RGB pixels lie inside a file: `height × width × 3` bytes from `byteOffset`. */
export interface RawPixels {
  byteOffset: number;
  height: number;
  width: number;
  /** hwc: rows of RGB pixels (NumPy images); chw: the red plane, then green, then blue (CIFAR binary). */
  layout: 'hwc' | 'chw';
}

export interface SkippedFile { path: string; reason: string }

/**
 * image, folder, imagefolder, wsol: image files. cifar-binary: the CIFAR-10/100 test set in its binary distribution.
 * corruption-tree: an ImageNet-C-style tree <corruption>/<severity>/… of image files (released, or written by
 * corrupt-dataset). corruption-arrays: CIFAR-10-C/100-C, one <corruption>.npy per corruption beside labels.npy.
 */
export const dataSourceKinds = ['image', 'folder', 'imagefolder', 'wsol', 'cifar-binary', 'corruption-tree', 'corruption-arrays'] as const;
export type DataSourceKind = (typeof dataSourceKinds)[number];

export interface DataSourceInfo {
  kind: DataSourceKind;
  root: string;
  items: ImageItem[];
  classNames: string[] | null;
  skipped: SkippedFile[];
}
