// The 15 benchmark and 4 extra corruptions (definitions.md §1.1–1.3), in the benchmark's order, each with its
// parameter tables; `CORRUPTIONS` lists them with row types erased for reports and the protocol.
import type * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../random';
import { brightnessSpec } from './weather/brightness';
import { contrastSpec } from './digital/contrast';
import { defocusBlurSpec } from './blur/defocusBlur';
import { elasticTransformSpec } from './digital/elasticTransform';
import { fogSpec } from './weather/fog';
import { frostSpec } from './weather/frost';
import { gaussianBlurSpec } from './blur/gaussianBlur';
import { gaussianNoiseSpec } from './noise/gaussianNoise';
import { glassBlurSpec } from './blur/glassBlur';
import { impulseNoiseSpec } from './noise/impulseNoise';
import { jpegCompressionSpec } from './digital/jpegCompression';
import { motionBlurSpec } from './blur/motionBlur';
import { pixelateSpec } from './digital/pixelate';
import { saturateSpec } from './digital/saturate';
import { scaleRow } from './parameterSets';
import { shotNoiseSpec } from './noise/shotNoise';
import { snowSpec } from './weather/snow';
import { spatterSpec } from './weather/spatter';
import { speckleNoiseSpec } from './noise/speckleNoise';
import type {
  CorruptionFamily, CorruptionKind, CorruptionName, CorruptionSpec, ParameterRow, ParameterSetName, Severity, SeverityRows,
} from './types';
import { zoomBlurSpec } from './blur/zoomBlur';

/** A corruption as reports and menus see it. */
export interface CorruptionInfo {
  name: CorruptionName;
  family: CorruptionFamily;
  kind: CorruptionKind;
  displayName: string;
  variant: string | null;
  parameterTables: Readonly<Record<ParameterSetName, { source: string; rows: SeverityRows<ParameterRow> }>>;
}

/** A corruption with its function bound to its own table: what `corrupt` runs. */
export interface RegisteredCorruption extends CorruptionInfo {
  /** The row for a severity with its pixel fields scaled, and the names of those fields. */
  resolve(set: ParameterSetName, severity: Severity, pixelScale: number): { row: ParameterRow; scaledFields: readonly string[] };
  run(images: tf.Tensor4D, set: ParameterSetName, severity: Severity, rng: SeededRandom, pixelScale: number): tf.Tensor4D | Promise<tf.Tensor4D>;
}

function register<Row extends ParameterRow>(spec: CorruptionSpec<Row>): RegisteredCorruption {
  return {
    name: spec.name, family: spec.family, kind: spec.kind, displayName: spec.displayName, variant: spec.variant,
    parameterTables: spec.tables,
    resolve(set, severity, pixelScale) {
      const row = spec.tables[set].rows[severity - 1];
      const fields = spec.pixelFields(row);
      return { row: scaleRow(row, fields, pixelScale), scaledFields: fields };
    },
    run: (images, set, severity, rng, pixelScale) => spec.apply(images, severity, rng, { rows: spec.tables[set].rows, pixelScale }),
  };
}

export const REGISTERED_CORRUPTIONS: readonly RegisteredCorruption[] = [
  register(gaussianNoiseSpec), register(shotNoiseSpec), register(impulseNoiseSpec),
  register(defocusBlurSpec), register(glassBlurSpec), register(motionBlurSpec), register(zoomBlurSpec),
  register(snowSpec), register(frostSpec), register(fogSpec), register(brightnessSpec),
  register(contrastSpec), register(elasticTransformSpec), register(pixelateSpec), register(jpegCompressionSpec),
  register(speckleNoiseSpec), register(gaussianBlurSpec), register(spatterSpec), register(saturateSpec),
];

/** Every corruption: name, family, benchmark or extra, display name, variant note and parameter tables. */
export const CORRUPTIONS: readonly CorruptionInfo[] = REGISTERED_CORRUPTIONS.map(({ name, family, kind, displayName, variant, parameterTables }) => ({
  name, family, kind, displayName, variant, parameterTables,
}));
