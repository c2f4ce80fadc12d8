// The preprocessing profile of a model: its sidecar file (read, validate, write), a guess when absent, and its differentiable scaling.
import * as tf from '@tensorflow/tfjs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type ModelInspection, type PreprocessingOverrides, type PreprocessingProfile, type ValueScaling, preprocessingProfileSchema } from '../../protocol/model';
import { UserFacingError, errorMessage } from '../errors';
import { writeFileAtomic } from '../atomicWrite';
import { MemoryLayout, wasmKernels } from '../simd/wasmKernels';

/** Inputs at most this many pixels on a side are usually trained on whole images, so they are stretched rather than cropped. */
const smallInputPixels = 64;

/** The sidecar path: model.json → model.preprocessing.json, foo.h5 → foo.preprocessing.json, SavedModel folder → <folder>/preprocessing.json. */
export async function profilePath(modelPath: string): Promise<string> {
  const isDirectory = await stat(modelPath).then((s) => s.isDirectory(), () => false);
  if (isDirectory) return join(modelPath, 'preprocessing.json');
  return `${modelPath.replace(/\.[^./\\]*$/, '')}.preprocessing.json`;
}

/** Parses and validates a profile's JSON text, naming the first bad field in the error. */
export function parseProfile(text: string, source: string): PreprocessingProfile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UserFacingError(`${source} is not valid JSON (${errorMessage(err)}).`);
  }
  const result = preprocessingProfileSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue.path.length > 0 ? issue.path.join('.') : '(the whole file)';
    throw new UserFacingError(`${source}: field '${field}' is invalid: ${issue.message}.`);
  }
  return result.data;
}

/** The profile in the model's sidecar file, or null when there is none. */
export async function readProfile(modelPath: string): Promise<PreprocessingProfile | null> {
  const path = await profilePath(modelPath);
  const text = await readFile(path, 'utf8').catch(() => null);
  return text === null ? null : parseProfile(text, path);
}

/** The profile in a file the user names (not the model's sidecar); a missing file is an error. A named profile is not a guess. */
export async function readProfileFile(path: string): Promise<PreprocessingProfile> {
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) throw new UserFacingError(`The preprocessing file ${path} does not exist or cannot be read.`, 'not-found');
  return { ...parseProfile(text, path), guessed: false };
}

/** `profile` with the fields in `overrides` replaced, validated; a profile whose fields the user set is not a guess. */
export function applyProfileOverrides(profile: PreprocessingProfile, overrides: PreprocessingOverrides): PreprocessingProfile {
  return parseProfile(JSON.stringify({ ...profile, ...overrides, guessed: false }), 'The preprocessing options');
}

/** Validates `profile` and writes it to the model's sidecar file atomically; a written profile is no longer a guess. */
export async function writeProfile(modelPath: string, profile: PreprocessingProfile): Promise<void> {
  const checked = parseProfile(JSON.stringify({ ...profile, guessed: false }), 'The preprocessing profile');
  await writeFileAtomic(await profilePath(modelPath), `${JSON.stringify(checked, null, 2)}\n`);
}

/** A guess from the model's input size: stretch small inputs, else shorter-side resize with a 0.875 centre crop; RGB, [0,1] unless the format suggests a scaling. */
export function guessProfile(inspection: Pick<ModelInspection, 'inputShape'>, scaling: ValueScaling = { kind: 'unit' }): PreprocessingProfile {
  const [height, width] = inspection.inputShape;
  const small = Math.max(height, width) <= smallInputPixels;
  return {
    version: 1,
    inputSize: [height, width],
    resize: small ? 'stretch' : 'shorter-side',
    centerCropFraction: small ? 1 : 0.875,
    scaling,
    channelOrder: 'RGB',
    guessed: true,
  };
}

/** Grey models take ITU-R BT.601 luma (0.299 R + 0.587 G + 0.114 B) of RGB input; other inputs pass unchanged. */
export function matchChannels(x01: tf.Tensor4D, channels: number): tf.Tensor4D {
  if (channels !== 1 || x01.shape[3] === 1) return x01;
  return tf.tidy(() => tf.sum(tf.mul(x01, tf.tensor1d([0.299, 0.587, 0.114])), -1, true) as tf.Tensor4D);
}

/** How a batch's values lie in memory: pixel by pixel (NHWC), or one plane per channel (NCHW). */
export type ValueLayout = 'NHWC' | 'NCHW';

/**
 * out = (values − mean) / std per channel, float32 as tf.sub and tf.div (tensor1d holds the mean and std in float32), in
 * the SIMD kernel; written as planes for NCHW (three channels; one channel's plane is the image itself).
 */
function normaliseInWasm(values: Float32Array, mean: readonly number[], std: readonly number[], layout: ValueLayout, pixels: number, out: Float32Array): void {
  const kernels = wasmKernels();
  const layoutInMemory = new MemoryLayout<'values' | 'pattern' | 'out'>().reserve('values', values.length, 'f32').reserve('pattern', 24, 'f32').reserve('out', values.length, 'f32');
  const views = layoutInMemory.views(kernels);
  views.f32('values').set(values);
  views.f32('pattern').set(Array.from({ length: 24 }, (_, k) => (k < 12 ? mean[k % mean.length] : std[k % std.length])));
  const [at, pattern, target] = [layoutInMemory.at('values'), layoutInMemory.at('pattern'), layoutInMemory.at('out')];
  if (layout === 'NCHW' && mean.length === 3) kernels.normaliseToPlanes(at, values.length / (3 * pixels), pixels, pattern, target);
  else kernels.normaliseChannels(at, values.length, pattern, target);
  out.set(views.f32('out'));
}

/**
 * applyScaling on the values of an [N, H, W, C] float32 batch in host memory, for inference (no gradient): the same
 * float32 operations in the same order, so the result is bit-identical, in one pass instead of broadcasting tensor ops
 * (on the wasm backend a [3]-wide subtraction and division cost 5 ms per 224² image; the mean and std here run in the
 * SIMD kernel). `shape` is [N, H, W, C]; `layout` NCHW writes the result as planes of H·W values, as an ONNX graph from
 * PyTorch takes it, so it goes to ONNX Runtime without a transposition.
 */
export function applyScalingOnHost(values: Float32Array, shape: readonly [number, number, number, number], profile: PreprocessingProfile, layout: ValueLayout = 'NHWC'): Float32Array {
  const [, height, width, channels] = shape;
  if (channels !== 1 && channels !== 3) throw new Error(`applyScalingOnHost takes 1 or 3 channels, not ${channels}.`);
  const pixels = height * width;
  const reversed = profile.channelOrder === 'BGR' && channels === 3;
  const ordered = reversed ? new Float32Array(values.length) : values;
  if (reversed) {
    for (let p = 0; p < values.length; p += 3) {
      ordered[p] = values[p + 2];
      ordered[p + 1] = values[p + 1];
      ordered[p + 2] = values[p];
    }
  }
  const scaling = profile.scaling;
  const out = new Float32Array(values.length);
  if (scaling.kind === 'meanStd') {
    normaliseInWasm(ordered, channels === 3 ? scaling.mean : [scaling.mean[0]], channels === 3 ? scaling.std : [scaling.std[0]], layout, pixels, out);
    return out;
  }
  switch (scaling.kind) {
    case 'unit':
      out.set(ordered);
      break;
    case 'symmetric':
      for (let i = 0; i < out.length; i++) out[i] = Math.fround(ordered[i] * 2) - 1;
      break;
    case 'raw255':
      for (let i = 0; i < out.length; i++) out[i] = ordered[i] * 255;
      break;
  }
  if (layout === 'NHWC' || channels === 1) return out;
  // Into planes through the kernel with mean 0 and std 1: (v − 0) / 1 is v exactly.
  const planes = new Float32Array(out.length);
  normaliseInWasm(out, [0, 0, 0], [1, 1, 1], layout, pixels, planes);
  return planes;
}

/** Channel order then value scaling for [0,1] images, in pure tf ops (gradients flow back to x01). meanStd values are in the model's channel order. */
export function applyScaling(x01: tf.Tensor4D, profile: PreprocessingProfile): tf.Tensor4D {
  return tf.tidy(() => {
    const channels = x01.shape[3];
    const ordered = profile.channelOrder === 'BGR' && channels === 3 ? tf.reverse(x01, -1) : x01;
    const scaling = profile.scaling;
    switch (scaling.kind) {
      case 'unit':
        return ordered.clone();
      case 'symmetric':
        return tf.sub(tf.mul(ordered, 2), 1) as tf.Tensor4D;
      case 'raw255':
        return tf.mul(ordered, 255) as tf.Tensor4D;
      case 'meanStd': {
        const mean = tf.tensor1d(channels === 3 ? scaling.mean : [scaling.mean[0]]);
        const std = tf.tensor1d(channels === 3 ? scaling.std : [scaling.std[0]]);
        return tf.div(tf.sub(ordered, mean), std) as tf.Tensor4D;
      }
    }
  });
}
