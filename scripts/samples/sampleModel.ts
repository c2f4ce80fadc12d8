// The sample classifiers' architecture: a small CAM-friendly CNN, 64×64×3 → 16×16 feature map → GAP → Dense.
import * as tf from '@tensorflow/tfjs';

export const featureLayerName = 'features';
export const classifierLayerName = 'predictions';

export interface SampleModelShape {
  inputSize: number;
  numClasses: number;
  /** Channels of the three stages (64×64, 32×32, 16×16). */
  widths: [number, number, number];
  /** Seed for the weight initialisers, so both sample models start from the same weights. */
  seed: number;
}

/** conv3×3 (no bias) → BatchNorm → ReLU. */
function convBlock(input: tf.SymbolicTensor, filters: number, strides: number, name: string, seed: number): tf.SymbolicTensor {
  const conv = tf.layers.conv2d({ filters, kernelSize: 3, strides, padding: 'same', useBias: false, kernelInitializer: tf.initializers.heNormal({ seed }), name: `${name}_conv` }).apply(input) as tf.SymbolicTensor;
  const norm = tf.layers.batchNormalization({ name: `${name}_bn` }).apply(conv) as tf.SymbolicTensor;
  return tf.layers.reLU({ name: `${name}_relu` }).apply(norm) as tf.SymbolicTensor;
}

/**
 * Builds the model: two stride-2 downsamplings to a 16×16 map (receptive field 29 px at
 * 'features', enough to see a whole digit); the last conv ('features', ReLU, no
 * normalisation after it) feeds global average pooling and one softmax dense layer, so classic CAM applies.
 */
export function buildSampleModel({ inputSize, numClasses, widths: [w1, w2, w3], seed }: SampleModelShape): tf.LayersModel {
  const input = tf.input({ shape: [inputSize, inputSize, 3], name: 'image' });
  let x = convBlock(input, w1, 1, 'stage1', seed + 1);
  x = convBlock(x, w2, 2, 'stage2_down', seed + 2);
  x = convBlock(x, w2, 1, 'stage2', seed + 3);
  x = convBlock(x, w3, 2, 'stage3_down', seed + 4);
  x = convBlock(x, w3, 1, 'stage3', seed + 5);
  const features = tf.layers.conv2d({ filters: w3, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: seed + 6 }), name: featureLayerName }).apply(x) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(features) as tf.SymbolicTensor;
  const output = tf.layers.dense({ units: numClasses, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 7 }), name: classifierLayerName }).apply(pooled) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'robustness_lens_sample' });
}
