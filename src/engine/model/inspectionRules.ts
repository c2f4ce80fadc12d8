// Rules shared by every model format: what counts as an image input, and when classic CAM applies to a head.
import type { CamHeadInfo } from '../../protocol/model';
import { UserFacingError } from '../errors';

/** How the classifier head reduces the last feature map before its dense layers. */
export type HeadPooling = 'global-average' | 'global-max' | 'flatten' | null;

export interface HeadShape {
  pooling: HeadPooling;
  /** Names of the dense (matmul) layers between the pooling and the logits, input side first. */
  denseLayers: string[];
  /** The layer or node whose output is pooled or flattened. */
  featureLayer: string | null;
}

/** The NHWC image shape without batch, from a model input shape such as [null, 224, 224, 3]; throws for anything else. */
export function imageInputShape(shape: readonly (number | null)[], source: string): [number, number, number] {
  if (shape.length !== 4) {
    throw new UserFacingError(`${source} takes input of shape [${shape.map((d) => d ?? '?').join(', ')}], not a batch of images (batch × height × width × channels). Robustness Lens analyses image classifiers only.`, 'unsupported');
  }
  const [, height, width, channels] = shape;
  if (channels !== 1 && channels !== 3) {
    throw new UserFacingError(`${source} takes images with ${channels ?? 'an unknown number of'} channels; Robustness Lens needs channels-last images with 1 (grey) or 3 (RGB) channels.`, 'unsupported');
  }
  if (height === null || width === null || height < 1 || width < 1) {
    throw new UserFacingError(`${source} accepts images of any size, so its input size is unknown. Export it with a fixed input size (e.g. 224 × 224).`, 'unsupported');
  }
  return [height, width, channels];
}

/** Whether classic CAM (Zhou et al. 2016: class map = Σ_k w_k^c · f_k) applies: global average pooling then exactly one dense layer. */
export function camHeadInfo(head: HeadShape): CamHeadInfo {
  const { pooling, denseLayers, featureLayer } = head;
  if (pooling === 'global-average' && denseLayers.length === 1) {
    return { applicable: true, denseLayer: denseLayers[0], reason: `The head is global average pooling over '${featureLayer}' followed by the single dense layer '${denseLayers[0]}', so class activation maps can be read from that layer's weights.` };
  }
  const reason = pooling === 'global-average'
    ? `The head has ${denseLayers.length} dense layers after global average pooling, and classic CAM needs exactly one; use Grad-CAM instead.`
    : pooling === 'global-max'
      ? 'The head uses global max pooling rather than global average pooling, so classic CAM does not apply; use Grad-CAM instead.'
      : pooling === 'flatten'
        ? 'The head flattens the feature map instead of averaging it, so classic CAM does not apply; use Grad-CAM instead.'
        : 'No global pooling or flatten step was found before the classifier, so classic CAM does not apply; use Grad-CAM instead.';
  return { applicable: false, denseLayer: null, reason };
}
