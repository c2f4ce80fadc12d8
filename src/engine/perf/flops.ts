// Forward-pass FLOPs of a LayersModel counted from its layers (one multiply-add = 2 FLOPs), per image.
import type * as tf from '@tensorflow/tfjs';

interface LayerConfigView { kernelSize?: number | number[]; filters?: number; units?: number; depthMultiplier?: number }

function spatial(shape: tf.Shape): number {
  return (shape[1] ?? 1) * (shape[2] ?? 1);
}

function kernelArea(kernelSize: number | number[] | undefined): number {
  if (kernelSize === undefined) return 1;
  return Array.isArray(kernelSize) ? kernelSize.reduce((a, b) => a * b, 1) : kernelSize * kernelSize;
}

/** FLOPs of one layer for one image; layers that do no multiply-adds (pooling, activations, reshapes) count their elementwise work once. */
export function layerFlops(layer: tf.layers.Layer): number {
  const out = layer.outputShape as tf.Shape;
  const input = (Array.isArray(layer.input) ? layer.input[0] : layer.input).shape;
  const config = layer.getConfig() as LayerConfigView;
  const channelsIn = input[input.length - 1] ?? 1;
  switch (layer.getClassName()) {
    case 'Conv2D': return 2 * spatial(out) * kernelArea(config.kernelSize) * channelsIn * (config.filters ?? 0);
    case 'DepthwiseConv2D': return 2 * spatial(out) * kernelArea(config.kernelSize) * channelsIn * (config.depthMultiplier ?? 1);
    case 'SeparableConv2D': return 2 * spatial(out) * (kernelArea(config.kernelSize) * channelsIn * (config.depthMultiplier ?? 1) + channelsIn * (config.depthMultiplier ?? 1) * (config.filters ?? 0));
    case 'Dense': return 2 * channelsIn * (config.units ?? 0);
    default: return 0;
  }
}

export function modelFlops(model: tf.LayersModel): number {
  return model.layers.reduce((sum, layer) => sum + layerFlops(layer), 0);
}
