// Raw activation maps that carry no spatial information (constant, e.g. all zero), which every normalisation turns
// into an all-zero score map: boxes from them localise nothing, so a run made of them must say so, not print 0%.
import * as tf from '@tensorflow/tfjs';
import { type CamMethod, camMethodNames } from '../../protocol/cam';

/** Relative spread below which a map counts as constant: float32 rounding noise on an otherwise flat map. */
const CONSTANT_MAP_TOLERANCE = 1e-6;

/** Share of constant maps from which a run is warned about (all of them always is). */
export const CONSTANT_MAP_WARNING_SHARE = 0.5;

// A map M is constant when max(M) − min(M) ≤ 1e-6·max(|max(M)|, |min(M)|); an all-zero map is constant.
/** For raw maps [N, H, W] (before normalisation), whether each map is constant, as a bool tensor [N]. */
export function constantMapFlags(maps: tf.Tensor3D): tf.Tensor1D {
  return tf.tidy(() => {
    const max = tf.max(maps, [1, 2]);
    const min = tf.min(maps, [1, 2]);
    const magnitude = tf.maximum(tf.abs(max), tf.abs(min));
    return tf.lessEqual(tf.sub(max, min), tf.mul(magnitude, CONSTANT_MAP_TOLERANCE)) as tf.Tensor1D;
  });
}

/**
 * The warning for a run where `constantCount` of `mapCount` raw maps were constant, or null when too few were.
 * It names the method and layer and says what to do, since the box metrics of such a run say nothing about the model.
 */
export function constantMapWarning(constantCount: number, mapCount: number, method: CamMethod, layer: string): string | null {
  if (mapCount === 0 || constantCount === 0 || constantCount < CONSTANT_MAP_WARNING_SHARE * mapCount) return null;
  const which = constantCount === mapCount ? `Every ${camMethodNames[method]} map at layer '${layer}' is` : `${constantCount} of ${mapCount} ${camMethodNames[method]} maps at layer '${layer}' are`;
  const remedy = method === 'cam'
    ? 'Classic CAM always reads the map feeding the global pooling; try Grad-CAM at an earlier feature map larger than 1×1.'
    : 'Choose another layer: the last feature map larger than 1×1, before the global pooling.';
  return `${which} constant (e.g. all zero) before normalisation, so the boxes localise nothing and box metrics say nothing about the model. ${remedy}`;
}
