// ResNet-18 (He et al. 2016) for 224×224×3 inputs and 1000 classes, built in code with tfjs-layers:
// 11.7 M parameters and about 3.6 GFLOPs (1.8 G multiply-adds) per image, the usual reference size.
import * as tf from '@tensorflow/tfjs';

function convBn(x: tf.SymbolicTensor, filters: number, kernel: number, stride: number, name: string): tf.SymbolicTensor {
  const conv = tf.layers.conv2d({ filters, kernelSize: kernel, strides: stride, padding: 'same', useBias: false, name: `${name}_conv` }).apply(x) as tf.SymbolicTensor;
  return tf.layers.batchNormalization({ name: `${name}_bn` }).apply(conv) as tf.SymbolicTensor;
}

function basicBlock(x: tf.SymbolicTensor, filters: number, stride: number, name: string): tf.SymbolicTensor {
  let y = tf.layers.reLU().apply(convBn(x, filters, 3, stride, `${name}_a`)) as tf.SymbolicTensor;
  y = convBn(y, filters, 3, 1, `${name}_b`);
  const shortcut = stride !== 1 || (x.shape[3] ?? 0) !== filters ? convBn(x, filters, 1, stride, `${name}_down`) : x;
  return tf.layers.reLU().apply(tf.layers.add().apply([y, shortcut])) as tf.SymbolicTensor;
}

export function buildResNet18(inputSize = 224, classes = 1000): tf.LayersModel {
  const input = tf.input({ shape: [inputSize, inputSize, 3] });
  let x = tf.layers.reLU().apply(convBn(input, 64, 7, 2, 'stem')) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }).apply(x) as tf.SymbolicTensor;
  for (const [stage, filters] of [64, 128, 256, 512].entries()) {
    x = basicBlock(x, filters, stage === 0 ? 1 : 2, `stage${stage + 1}_1`);
    x = basicBlock(x, filters, 1, `stage${stage + 1}_2`);
  }
  x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  const logits = tf.layers.dense({ units: classes, name: 'fc' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: 'resnet18' });
}
