import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random';
import { gaussianFilter, gaussianFilterOnHost } from '../ops/convolution';
import { borderTable, runOnHost, type ImageShape } from '../ops/hostKernels';
import { MemoryLayout, wasmKernels } from '../../simd/wasmKernels';
import { onHostBackend } from '../../hostBackend';
import { uniformTensor, uniformValues } from '../ops/seededDraws';
import { severityRow } from '../parameterSets';
import type { CorruptionParameters, CorruptionSpec, Severity } from '../types';
import { clipToUnit } from '../ops/clip';

/** imagecorruptions' elastic: smoothing σ = sigmaFraction·size per axis, draws U(±maxShiftFraction·H), gain α. */
export type ElasticTransformRow = { alpha: number; sigmaFraction: number; maxShiftFraction: number };

const pixelFields = (): [] => [];

/** skimage 'reflect' (scipy), applied to integer indices as tensors: period 2n, b a | a b c | c b. */
function reflectIndex(index: tf.Tensor, n: number): tf.Tensor {
  const m = tf.mod(index, 2 * n);
  return tf.where(tf.less(m, n), m, tf.sub(2 * n - 1, m));
}

/** Bilinear sampling of [b, H, W, 3] at row/column coordinates [b, H, W, 1] each, reflected at the edges. */
function bilinearGather(images: tf.Tensor4D, rows: tf.Tensor4D, cols: tf.Tensor4D): tf.Tensor4D {
  const [batch, height, width, channels] = images.shape;
  const flat = tf.reshape(images, [batch * height * width, channels]);
  const base = tf.reshape(tf.mul(tf.range(0, batch, 1, 'float32'), height * width), [batch, 1, 1, 1]);
  const y0 = tf.floor(rows);
  const x0 = tf.floor(cols);
  const wy = tf.sub(rows, y0);
  const wx = tf.sub(cols, x0);
  const sample = (dy: number, dx: number): tf.Tensor => {
    const y = reflectIndex(tf.add(y0, dy), height);
    const x = reflectIndex(tf.add(x0, dx), width);
    const index = tf.cast(tf.reshape(tf.add(base, tf.add(tf.mul(y, width), x)), [-1]), 'int32');
    return tf.reshape(tf.gather(flat, index), [batch, height, width, channels]);
  };
  const top = tf.add(tf.mul(sample(0, 0), tf.sub(1, wx)), tf.mul(sample(0, 1), wx));
  const bottom = tf.add(tf.mul(sample(1, 0), tf.sub(1, wx)), tf.mul(sample(1, 1), wx));
  return tf.add(tf.mul(top, tf.sub(1, wy)), tf.mul(bottom, wy)) as tf.Tensor4D;
}

/**
 * bilinearGather on host pixels: `field` [b, H, W, 2] holds each pixel's (dx, dy); coordinates in float32 as the tensor
 * path, the reads reflected through border tables reaching past the largest displacement, in the WebAssembly module
 * (wasm/kernels.ts displacedBilinear), image by image.
 */
function bilinearGatherOnHost(pixels: Float32Array, [batch, height, width, channels]: ImageShape, field: Float32Array, out: Float32Array = new Float32Array(pixels.length)): Float32Array {
  let largest = 0;
  for (let i = 0; i < field.length; i++) {
    const size = field[i] < 0 ? -field[i] : field[i];
    if (size > largest) largest = size;
  }
  // floor(i + d) + 1 for |d| ≤ largest stays within reach of the line.
  const reach = Math.ceil(largest) + 2;
  const rows = borderTable(height, reach, 'symmetric');
  const columns = borderTable(width, reach, 'symmetric');
  const imageSize = height * width * channels;
  const fieldSize = height * width * 2;
  const kernels = wasmKernels();
  const layout = new MemoryLayout<'pixels' | 'field' | 'rows' | 'columns' | 'out'>().reserve('pixels', imageSize, 'f32')
    .reserve('field', fieldSize, 'f32').reserve('rows', rows.length, 'i32').reserve('columns', columns.length, 'i32').reserve('out', imageSize, 'f32');
  const views = layout.views(kernels);
  views.i32('rows').set(rows);
  views.i32('columns').set(columns);
  for (let b = 0; b < batch; b++) {
    views.f32('pixels').set(pixels.subarray(b * imageSize, (b + 1) * imageSize));
    views.f32('field').set(field.subarray(b * fieldSize, (b + 1) * fieldSize));
    kernels.displacedBilinear(layout.at('pixels'), height, width, channels, layout.at('field'), layout.at('rows'), layout.at('columns'), reach, layout.at('out'));
    out.set(views.f32('out'), b * imageSize);
  }
  return out;
}

/** The displacement field [b, H, W, 2] on the host: α × Gaussian(σ per axis, truncate 3, reflect) of the noise. */
function displacementOnHost(noise: Float32Array, shape: ImageShape, sigmaY: number, sigmaX: number, alpha: number): Float32Array {
  const field = gaussianFilterOnHost(noise, shape, sigmaY, sigmaX, 3, 'symmetric');
  for (let i = 0; i < field.length; i++) field[i] *= alpha;
  return field;
}

// definitions.md §1.1 elastic_transform (imagecorruptions variant, §1 notes): displacement = α × Gaussian(σ = .01·size,
// truncate 3, reflect) of U(−.005·H, .005·H) noise per axis; bilinear resampling reflected at the edges.
export function elasticTransform(images: tf.Tensor4D, severity: Severity, rng: SeededRandom, params: CorruptionParameters<ElasticTransformRow>): tf.Tensor4D {
  const { alpha, sigmaFraction, maxShiftFraction } = severityRow(params, severity, pixelFields);
  const [batch, height, width] = images.shape;
  const maxShift = maxShiftFraction * height;
  if (onHostBackend()) {
    const noise = uniformValues(rng, batch * height * width * 2, -maxShift, maxShift);
    const field = displacementOnHost(noise, [batch, height, width, 2], sigmaFraction * height, sigmaFraction * width, alpha);
    return runOnHost(images, images.shape, (pixels, out) => bilinearGatherOnHost(pixels, images.shape, field, out));
  }
  return tf.tidy(() => {
    const noise = uniformTensor<tf.Rank.R4>(rng, [batch, height, width, 2], -maxShift, maxShift);
    const field = tf.mul(gaussianFilter(noise, sigmaFraction * height, sigmaFraction * width, 3, 'symmetric'), alpha);
    const [dx, dy] = tf.split(field, 2, 3) as tf.Tensor4D[];
    const rowGrid = tf.reshape(tf.range(0, height, 1, 'float32'), [1, height, 1, 1]);
    const colGrid = tf.reshape(tf.range(0, width, 1, 'float32'), [1, 1, width, 1]);
    return clipToUnit(bilinearGather(images, tf.add(rowGrid, dy), tf.add(colGrid, dx)));
  });
}

const alphas = [0.05, 0.065, 0.085, 0.1, 0.12].map((a) => 250 * a);
const rows = [0, 1, 2, 3, 4].map((i) => ({ alpha: alphas[i], sigmaFraction: 0.01, maxShiftFraction: 0.005 }));
const elasticRows = [rows[0], rows[1], rows[2], rows[3], rows[4]] as const;

export const elasticTransformSpec: CorruptionSpec<ElasticTransformRow> = {
  name: 'elastic_transform', family: 'digital', kind: 'benchmark', displayName: 'Elastic transform (imagecorruptions)',
  variant: 'imagecorruptions elastic (no random affine; σ = .01·size, α = 250×(.05….12), max displacement .005·size), at every size',
  tables: {
    'imagenet-c': { source: 'definitions.md §1 notes (imagecorruptions)', rows: elasticRows },
    'cifar-10-c': { source: 'no CIFAR-10-C row in definitions.md §1.3: the same size-relative imagecorruptions parameters', rows: elasticRows },
  },
  pixelFields,
  apply: elasticTransform,
};
