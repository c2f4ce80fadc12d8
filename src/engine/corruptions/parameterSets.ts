// Which parameter table an image size gets, and the pixel scaling of definitions.md §1 ("scale only what is
// given in pixels by min(H,W)/224"). Each table is scaled from its own reference size: ImageNet-C's 224 px,
// CIFAR-10-C's 32 px.
import type { CorruptionParameters, NumericKey, ParameterSetName, Severity } from './types';

/** The image side each table was written for. */
export const REFERENCE_SIZE: Readonly<Record<ParameterSetName, number>> = { 'imagenet-c': 224, 'cifar-10-c': 32 };

/** Largest side that gets the CIFAR-10-C table by default (definitions.md §1.3: inputs ≤ 64 px). */
export const CIFAR_MAX_SIDE = 64;

/** The default table for an image size: CIFAR-10-C when both sides are ≤ 64 px, ImageNet-C otherwise. */
export function parameterSetFor(height: number, width: number): ParameterSetName {
  return Math.max(height, width) <= CIFAR_MAX_SIDE ? 'cifar-10-c' : 'imagenet-c';
}

/** min(H, W) / the table's reference size. */
export function pixelScaleFor(set: ParameterSetName, height: number, width: number): number {
  return Math.min(height, width) / REFERENCE_SIZE[set];
}

/** A row with its pixel fields multiplied by `pixelScale`. */
export function scaleRow<Row>(row: Row, pixelFields: readonly NumericKey<Row>[], pixelScale: number): Row {
  const scaled = { ...row } as Record<string, unknown>;
  for (const field of pixelFields) scaled[field] = (row[field] as number) * pixelScale;
  return scaled as Row;
}

/** The severity's row of a table, pixel fields scaled. */
export function severityRow<Row>(params: CorruptionParameters<Row>, severity: Severity, pixelFields: (row: Row) => readonly NumericKey<Row>[]): Row {
  const row = params.rows[severity - 1];
  return scaleRow(row, pixelFields(row), params.pixelScale);
}
