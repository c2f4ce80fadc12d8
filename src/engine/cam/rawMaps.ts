// The raw maps of a localisation run's setting (definitions.md §4 map kinds): a registered activation-map method, or
// occlusion sensitivity (§3); what the run boxes and scores and what faithfulness measures come from this one function.
import * as tf from '@tensorflow/tfjs';
import type { CamSettings } from '../../protocol/cam';
import type { Classifier } from '../model/classifier';
import type { ActivationMaps, CamTarget } from './camModel';
import { camMethod } from './methods';
import { type OcclusionMapOptions, occlusionMaps } from './occlusionMaps';

/** Occlusion's per-pass batch, progress and cancellation (its window comes from the settings). */
export type OcclusionRunOptions = Omit<OcclusionMapOptions, 'patch' | 'stride'>;

/** Raw maps [N, H, W] at the input size of the [0, 1] images `x01`, the classes they explain and the logits. */
export async function rawMaps(classifier: Classifier, x01: tf.Tensor4D, target: CamTarget, settings: CamSettings, occlusion: OcclusionRunOptions): Promise<ActivationMaps> {
  if (settings.occlusion) return occlusionMaps(classifier, x01, target, { ...settings.occlusion, ...occlusion });
  return tf.tidy(() => ({ ...camMethod(settings.method).maps(classifier, x01, target, settings.layer) }));
}
