// The shapes every corruption module shares: severities, parameter tables and the corruption function.
import type * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../random';

export type Severity = 1 | 2 | 3 | 4 | 5;
export const SEVERITIES: readonly Severity[] = [1, 2, 3, 4, 5];

/** Which published parameter table a run uses (definitions.md §1.1–1.2 or §1.3). */
export type ParameterSetName = 'imagenet-c' | 'cifar-10-c';
export const PARAMETER_SETS: readonly ParameterSetName[] = ['imagenet-c', 'cifar-10-c'];

export type CorruptionFamily = 'noise' | 'blur' | 'weather' | 'digital';
export type CorruptionKind = 'benchmark' | 'extra';

/** Every corruption's name in the registry's order (the 15 benchmark corruptions, then the 4 extras). */
export const CORRUPTION_NAMES = [
  'gaussian_noise', 'shot_noise', 'impulse_noise',
  'defocus_blur', 'glass_blur', 'motion_blur', 'zoom_blur',
  'snow', 'frost', 'fog', 'brightness',
  'contrast', 'elastic_transform', 'pixelate', 'jpeg_compression',
  'speckle_noise', 'gaussian_blur', 'spatter', 'saturate',
] as const;
export type CorruptionName = (typeof CORRUPTION_NAMES)[number];

export type ParameterValue = number | string;
/** One severity's parameters, named as in definitions.md. */
export type ParameterRow = Readonly<Record<string, ParameterValue>>;
export type SeverityRows<Row> = readonly [Row, Row, Row, Row, Row];

/** The keys of a row whose values are numbers (only those can be pixel lengths). */
export type NumericKey<Row> = { [K in keyof Row]: Row[K] extends number ? K : never }[keyof Row] & string;

export interface ParameterTable<Row> {
  rows: SeverityRows<Row>;
  /** Where the numbers come from, e.g. "definitions.md §1.3", or why they were chosen. */
  source: string;
}

/** What a corruption function receives besides the images: its table and the pixel scale for this image size. */
export interface CorruptionParameters<Row> {
  rows: SeverityRows<Row>;
  /** min(H, W) / the table's reference size; multiplies every pixel length of a row. */
  pixelScale: number;
}

/** images: [b, H, W, 3] float32 in [0, 1]; returns a new tensor of the same shape, in [0, 1]. */
export type CorruptionFunction<Row> = (
  images: tf.Tensor4D,
  severity: Severity,
  rng: SeededRandom,
  params: CorruptionParameters<Row>,
) => tf.Tensor4D | Promise<tf.Tensor4D>;

export interface CorruptionSpec<Row extends ParameterRow> {
  name: CorruptionName;
  family: CorruptionFamily;
  kind: CorruptionKind;
  /** The name shown to users; a variant that is not comparable with published numbers says so here. */
  displayName: string;
  /** How this implementation departs from the published generator, or null where it does not. */
  variant: string | null;
  tables: Readonly<Record<ParameterSetName, ParameterTable<Row>>>;
  /** The fields of a row that are lengths in pixels (scaled by min(H,W)/reference size). */
  pixelFields: (row: Row) => readonly NumericKey<Row>[];
  apply: CorruptionFunction<Row>;
}
