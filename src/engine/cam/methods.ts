// The CAM method registry (definitions.md §4): every method `localise`, the CLI and the panel offer, each one function
// from a batch of [0,1] images to raw maps at the input size, with the classes they explain.
import type * as tf from '@tensorflow/tfjs';
import { type CamMethod, camMethods } from '../../protocol/cam';
import { ablationCam } from './ablationCam';
import { classActivationMaps } from './cam';
import type { ActivationMaps, CamClassifier, CamTarget } from './camModel';
import { eigenCam } from './eigenCam';
import { gradCam, gradCamPlusPlus, hiResCam, layerCam, xGradCam } from './gradcam';
import { scoreCam } from './scoreCam';
import { UserFacingError } from '../errors';

/** The methods that read a feature layer; occlusion sensitivity runs through occlusionMaps.ts (asynchronous forward passes). */
export type ActivationCamMethod = Exclude<CamMethod, 'occlusion'>;

export interface CamMethodDefinition {
  /** The CLI name; panels and reports name it by camMethodNames. */
  name: ActivationCamMethod;
  /** Whether the feature layer can be chosen; classic CAM always reads the map feeding the global pooling. */
  layerChoosable: boolean;
  /** Raw maps [N, H, W] at the input size of `x01` (after each method's ReLU), the classes they explain and the logits. */
  maps(model: CamClassifier, x01: tf.Tensor4D, target: CamTarget, layer: string): ActivationMaps;
}

const definitions: Record<ActivationCamMethod, Omit<CamMethodDefinition, 'name'>> = {
  // definitions.md §4 Methods, one subsection per method (each function cites its paper).
  cam: { layerChoosable: false, maps: (model, x01, target) => classActivationMaps(model, x01, target) },
  gradcam: { layerChoosable: true, maps: gradCam },
  'gradcam++': { layerChoosable: true, maps: gradCamPlusPlus },
  xgradcam: { layerChoosable: true, maps: xGradCam },
  layercam: { layerChoosable: true, maps: layerCam },
  hirescam: { layerChoosable: true, maps: hiResCam },
  scorecam: { layerChoosable: true, maps: scoreCam },
  eigencam: { layerChoosable: true, maps: eigenCam },
  ablationcam: { layerChoosable: true, maps: ablationCam },
};

/** Whether `method` is occlusion sensitivity, the map kind computed by occlusionMaps.ts rather than by this registry. */
export function isOcclusion(method: CamMethod): method is 'occlusion' {
  return method === 'occlusion';
}

/** Every activation-map method in menu order. */
export const CAM_METHODS: readonly CamMethodDefinition[] = camMethods.filter((name): name is ActivationCamMethod => !isOcclusion(name)).map((name) => ({ name, ...definitions[name] }));

/** The registered method called `name`; occlusion sensitivity has no entry (occlusionMaps.ts). */
export function camMethod(name: CamMethod): CamMethodDefinition {
  if (isOcclusion(name)) throw new UserFacingError('Occlusion sensitivity maps come from occluded forward passes, not from a feature layer; this measurement does not take them.', 'unsupported');
  return { name, ...definitions[name] };
}
