// The model as the rest of the engine sees it: [0,1] RGB images in, logits / probabilities / feature maps out, preprocessing inside.
import * as tf from '@tensorflow/tfjs';
import type { LabelSet, ModelInspection, PreprocessingOverrides, PreprocessingProfile } from '../../protocol/model';
import { UserFacingError } from '../errors';
import type { DenseHeadWeights, ForwardPass, HeadContext, HostBatch } from './forwardPass';
import { loadLabels } from './labels';
import { openModel } from './openModel';
import { hostValuesView, onHostBackend } from '../hostBackend';
import { applyProfileOverrides, applyScaling, applyScalingOnHost, guessProfile, matchChannels, parseProfile, readProfile, readProfileFile, writeProfile } from './preprocessing';

export interface Classifier {
  inspection: ModelInspection;
  profile: PreprocessingProfile;
  labels: LabelSet;
  /** Pre-softmax logits for a batch of [0,1] RGB images at profile.inputSize; preprocessing applied inside; differentiable w.r.t. x01. When the model ends in softmax, these are the tensor feeding it. */
  logits(x01: tf.Tensor4D): tf.Tensor2D;
  /** Softmax probabilities (the model's own softmax when it has one). */
  probabilities(x01: tf.Tensor4D): tf.Tensor2D;
  /** The same probabilities on the fastest path the model has (ONNX Runtime for ONNX models); no gradient. */
  predict(x01: tf.Tensor4D): Promise<tf.Tensor2D>;
  /** The logits of logits() on the fastest path the model has (ONNX Runtime for an ONNX graph that outputs them); no gradient. */
  predictLogits(x01: tf.Tensor4D): Promise<tf.Tensor2D>;
  /** Feature map of a named layer/node (default: lastConvLayer) and the logits, in one forward pass; `context` is what headFromFeatures needs besides the map, where the format needs it. */
  featuresAndLogits(x01: tf.Tensor4D, layer?: string): { features: tf.Tensor4D; logits: tf.Tensor2D; context?: HeadContext };
  /** The GAP→dense head's weights: kernel [channels, classes], bias [classes]; null when inspection.camHead.applicable is false. Owned by the model; callers don't dispose them. */
  denseHeadWeights(): DenseHeadWeights | null;
  /** Pre-softmax logits [N, classes] (the same tensor logits() returns) computed from the feature map of `layer` (default inspection.lastConvLayer); differentiable with respect to `features`. */
  headFromFeatures(features: tf.Tensor4D, layer?: string, context?: HeadContext): tf.Tensor2D;
  setProfile(p: PreprocessingProfile): void;
  dispose(): void;
}

export interface LoadClassifierOptions {
  /** An explicit labels.txt or labels.json. */
  labelsPath?: string;
  /** An explicit preprocessing profile file, used instead of the sidecar or a guess. */
  profilePath?: string;
  /** Profile fields set over the file, the sidecar or the guess. */
  profileOverrides?: PreprocessingOverrides;
  /** ImageFolder class names, used when no labels file is found. */
  classNames?: string[];
  /** The ImageFolder root those class names came from. */
  imageFolderDir?: string;
}

/** Brings [0,1] RGB images to what the model takes: its channels, its input size (bilinear, differentiable), its scaling. */
function modelInput(x01: tf.Tensor4D, inspection: ModelInspection, profile: PreprocessingProfile): tf.Tensor4D {
  const [height, width, channels] = inspection.inputShape;
  const matched = matchChannels(x01, channels);
  const sized = matched.shape[1] === height && matched.shape[2] === width ? matched : tf.image.resizeBilinear(matched, [height, width]);
  return applyScaling(sized, profile);
}

/**
 * Whether inference scales x01 on the host: on the backends that keep tensors in host memory (wasm, cpu), when no resize
 * or channel change is needed, the scaling runs in one pass over the values (applyScalingOnHost, bit-identical);
 * gradients do not flow through it.
 */
function scalesOnHost(x01: tf.Tensor4D, inspection: ModelInspection): boolean {
  const [height, width, channels] = inspection.inputShape;
  return onHostBackend() && x01.shape[1] === height && x01.shape[2] === width && x01.shape[3] === channels;
}

/** modelInput for inference, scaled on the host where scalesOnHost says so. */
function inferenceInput(x01: tf.Tensor4D, inspection: ModelInspection, profile: PreprocessingProfile): tf.Tensor4D {
  if (!scalesOnHost(x01, inspection)) return tf.tidy(() => modelInput(x01, inspection, profile));
  return tf.tensor4d(applyScalingOnHost(hostValuesView(x01), x01.shape, profile), x01.shape);
}

/** modelInput for a host input pass, in its layout, where scalesOnHost says so (no tensor is made); else null. */
function hostInferenceInput(x01: tf.Tensor4D, inspection: ModelInspection, profile: PreprocessingProfile, layout: 'NCHW' | 'NHWC'): HostBatch | null {
  if (!scalesOnHost(x01, inspection)) return null;
  const [count, height, width, channels] = x01.shape;
  return {
    values: applyScalingOnHost(hostValuesView(x01), x01.shape, profile, layout),
    shape: layout === 'NCHW' ? [count, channels, height, width] : [count, height, width, channels],
  };
}

class LoadedClassifier implements Classifier {
  constructor(readonly inspection: ModelInspection, public profile: PreprocessingProfile, readonly labels: LabelSet, private readonly forward: ForwardPass) {}

  logits(x01: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => this.forward.logits(modelInput(x01, this.inspection, this.profile)));
  }

  probabilities(x01: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => this.forward.probabilities(modelInput(x01, this.inspection, this.profile)));
  }

  async predict(x01: tf.Tensor4D): Promise<tf.Tensor2D> {
    const host = this.forward.hostInput;
    const batch = host && hostInferenceInput(x01, this.inspection, this.profile, host.layout);
    if (host && batch) return host.predict(batch);
    const input = inferenceInput(x01, this.inspection, this.profile);
    try {
      return await this.forward.predict(input);
    } finally {
      input.dispose();
    }
  }

  async predictLogits(x01: tf.Tensor4D): Promise<tf.Tensor2D> {
    const host = this.forward.hostInput;
    const batch = host?.predictLogits && hostInferenceInput(x01, this.inspection, this.profile, host.layout);
    if (host?.predictLogits && batch) return host.predictLogits(batch);
    if (!this.forward.predictLogits) return this.logits(x01);
    const input = inferenceInput(x01, this.inspection, this.profile);
    try {
      return await this.forward.predictLogits(input);
    } finally {
      input.dispose();
    }
  }

  featuresAndLogits(x01: tf.Tensor4D, layer?: string): { features: tf.Tensor4D; logits: tf.Tensor2D; context?: HeadContext } {
    const name = this.featureLayer(layer);
    return tf.tidy(() => this.forward.featuresAndLogits(modelInput(x01, this.inspection, this.profile), name));
  }

  denseHeadWeights(): DenseHeadWeights | null {
    const { applicable, denseLayer } = this.inspection.camHead;
    return applicable && denseLayer ? this.forward.denseHeadWeights(denseLayer) : null;
  }

  headFromFeatures(features: tf.Tensor4D, layer?: string, context?: HeadContext): tf.Tensor2D {
    return this.forward.headFromFeatures(features, this.featureLayer(layer), context);
  }

  setProfile(p: PreprocessingProfile): void {
    this.profile = parseProfile(JSON.stringify(p), 'The preprocessing profile');
  }

  dispose(): void {
    this.forward.dispose();
  }

  /** The layer whose feature map is meant: the one named, else the last convolutional layer. */
  private featureLayer(layer?: string): string {
    const name = layer ?? this.inspection.lastConvLayer?.name;
    if (!name) throw new UserFacingError('This model has no convolutional feature map to show; name a layer explicitly.', 'unsupported');
    return name;
  }
}

/** Loads the checkpoint at `path` with its preprocessing profile (sidecar or guessed) and class names. */
export async function loadClassifier(path: string, options: LoadClassifierOptions = {}): Promise<Classifier> {
  const { inspection, forward, scalingGuess } = await openModel(path);
  try {
    const stored = options.profilePath ? await readProfileFile(options.profilePath) : (await readProfile(path)) ?? guessProfile(inspection, scalingGuess?.scaling);
    const profile = options.profileOverrides ? applyProfileOverrides(stored, options.profileOverrides) : stored;
    if (profile.guessed && scalingGuess) inspection.warnings.push(scalingGuess.note);
    const labels = await loadLabels(path, inspection.numClasses, options);
    const [height, width] = inspection.inputShape;
    if (profile.inputSize[0] !== height || profile.inputSize[1] !== width) {
      inspection.warnings.push(`The preprocessing profile says ${profile.inputSize[0]}×${profile.inputSize[1]} but the model takes ${height}×${width}; images are resized to the model's size.`);
    }
    return new LoadedClassifier(inspection, profile, labels, forward);
  } catch (err) {
    forward.dispose();
    throw err;
  }
}

/** Saves `profile` as the model's sidecar preprocessing file. */
export async function saveProfile(modelPath: string, profile: PreprocessingProfile): Promise<void> {
  await writeProfile(modelPath, profile);
}
