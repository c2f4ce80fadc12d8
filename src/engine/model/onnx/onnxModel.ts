// Opens an ONNX checkpoint (what torch.onnx.export writes) as a classifier: predictions on ONNX Runtime, and the same
// graph interpreted with tfjs ops for everything that needs a gradient or an intermediate feature map.
import * as tf from '@tensorflow/tfjs';
import { basename } from 'node:path';
import { UserFacingError, isUserFacingError } from '../../errors';
import { ProbedDenseHead } from '../denseHeadProbe';
import type { ForwardPass, HeadContext, HostBatch, OpenedModel } from '../forwardPass';
import { type OnnxStructure, analyseOnnxGraph, onnxInspection } from './inspectOnnx';
import { readOnnxGraph } from './onnxFile';
import { OnnxInterpreter, trainingModeNode } from './onnxInterpreter';
import { type OnnxRuntimeSession, openOnnxRuntime } from './onnxRuntime';
import { type Value, channelsLast, device, logical, logicalShape } from './onnxValues';
import { IMAGENET_SCALING } from '../../../protocol/model';

/** A sequence of k + s² tokens as k leading tokens (class, register) and an s × s patch grid; null when it is not one. */
function tokenGrid(tokens: number): { prefix: number; side: number } | null {
  const side = Math.floor(Math.sqrt(tokens));
  const prefix = tokens - side * side;
  return side >= 2 && prefix <= 8 ? { prefix, side } : null;
}

/**
 * Runs `run` on the batch in pieces of the graph's fixed batch size (the last piece padded with zeros, its extra rows
 * dropped) and joins the results along the batch; a dynamic batch, or one that already fits, runs whole. Slices, pads
 * and joins are tensor ops, so gradients flow through to the inputs.
 */
function inFixedBatches(fixedBatch: number | null, inputs: tf.Tensor[], run: (piece: tf.Tensor[]) => tf.Tensor[]): tf.Tensor[] {
  const count = inputs[0].shape[0];
  if (fixedBatch === null || fixedBatch === count) return run(inputs);
  const pieces: tf.Tensor[][] = [];
  for (let start = 0; start < count; start += fixedBatch) {
    const size = Math.min(fixedBatch, count - start);
    const piece = inputs.map((t) => {
      const part = tf.slice(t, start, size);
      return size === fixedBatch ? part : tf.concat([part, tf.zeros([fixedBatch - size, ...t.shape.slice(1)], t.dtype)]);
    });
    pieces.push(run(piece).map((t) => (size === fixedBatch ? t : tf.slice(t, 0, size))));
  }
  return pieces[0].map((_, i) => tf.concat(pieces.map((outputs) => outputs[i])));
}

/** The interpreted graph run as a classifier: model inputs are NHWC, whatever layout the graph takes. */
class InterpretedClassifier {
  /** Values fed back to headFromFeatures as token sequences rather than maps, with their count of leading tokens; learned when their maps are first read. */
  private readonly prefixLength = new Map<string, number>();

  constructor(private readonly interpreter: OnnxInterpreter, private readonly structure: OnnxStructure) {}

  private feed(x: tf.Tensor4D): Map<string, Value> {
    // An NCHW graph input is stored channels-last, so the image is never transposed.
    return new Map([[this.structure.inputName, device(x, this.structure.layout === 'NCHW')]]);
  }

  private asLogits(value: Value): tf.Tensor2D {
    const t = logical(value);
    return (t.rank === 2 ? t : tf.reshape(t, [t.shape[0], -1])) as tf.Tensor2D;
  }

  /** The output `name` as logits-shaped [N, width], run in pieces of the graph's fixed batch where it has one. */
  private output(x: tf.Tensor4D, name: string): tf.Tensor2D {
    return inFixedBatches(this.structure.fixedBatch, [x], ([piece]) => [this.asLogits(this.interpreter.run(this.feed(piece as tf.Tensor4D), [name])[0])])[0] as tf.Tensor2D;
  }

  logits(x: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => this.output(x, this.structure.logitsValue));
  }

  probabilities(x: tf.Tensor4D): tf.Tensor2D {
    const { softmaxValue, logitsValue } = this.structure;
    return tf.tidy(() => (softmaxValue ? this.output(x, softmaxValue) : tf.softmax(this.output(x, logitsValue))));
  }

  featuresAndLogits(x: tf.Tensor4D, name: string): { features: tf.Tensor4D; logits: tf.Tensor2D; context: HeadContext } {
    this.check(name);
    return tf.tidy(() => {
      const [features, logits, prefixTokens] = inFixedBatches(this.structure.fixedBatch, [x], ([piece]) => {
        const [value, pieceLogits] = this.interpreter.run(this.feed(piece as tf.Tensor4D), [name, this.structure.logitsValue]);
        const map = this.featureMap(value, name);
        return [map.features, this.asLogits(pieceLogits), ...(map.prefixTokens ? [map.prefixTokens] : [])];
      }) as [tf.Tensor4D, tf.Tensor2D, tf.Tensor3D | undefined];
      return { features, logits, context: prefixTokens ? { input: x, prefixTokens } : { input: x } };
    });
  }

  /**
   * The logits with the value `name` replaced by `features`. With a context, everything else comes from the same input,
   * so a layer inside a residual block (a ViT's norm1) works: the gradient is ∂logits/∂A with the bypass held fixed.
   */
  headFromFeatures(features: tf.Tensor4D, name: string, context?: HeadContext): tf.Tensor2D {
    this.check(name);
    const inputs = [features, ...(context ? [context.input] : []), ...(context?.prefixTokens ? [context.prefixTokens] : [])];
    return tf.tidy(() => inFixedBatches(this.structure.fixedBatch, inputs, ([pieceFeatures, pieceInput, piecePrefix]) => {
      const pieceContext = pieceInput ? { input: pieceInput as tf.Tensor4D, ...(piecePrefix ? { prefixTokens: piecePrefix as tf.Tensor3D } : {}) } : undefined;
      const feeds = pieceContext ? this.feed(pieceContext.input) : new Map<string, Value>();
      feeds.set(name, this.featureValue(pieceFeatures as tf.Tensor4D, name, pieceContext));
      return [this.asLogits(this.interpreter.run(feeds, [this.structure.logitsValue])[0])];
    })[0] as tf.Tensor2D);
  }

  /** The shapes of the logits and of a feature value for one image, measured on zeros (a fixed batch of them where the graph has one). */
  measure(inputShape: [number, number, number], featureValue: string | null): { logits: number[]; feature: number[] | null } {
    const shapes: { logits: number[]; feature: number[] | null } = { logits: [], feature: null };
    tf.tidy(() => {
      const names = featureValue ? [this.structure.logitsValue, featureValue] : [this.structure.logitsValue];
      const [logits, feature] = this.interpreter.run(this.feed(tf.zeros([this.structure.fixedBatch ?? 1, ...inputShape])), names);
      shapes.logits = logicalShape(logits).slice(1);
      shapes.feature = feature ? logicalShape(feature).slice(1) : null;
    });
    return shapes;
  }

  dispose(): void {
    this.interpreter.dispose();
  }

  /** A value as an NHWC feature map: a rank-4 map as is, a token sequence [N, k + s², C] as its s × s patch grid. */
  private featureMap(value: Value, name: string): { features: tf.Tensor4D; prefixTokens?: tf.Tensor3D } {
    const shape = logicalShape(value);
    if (shape.length === 4) return { features: this.structure.layout === 'NCHW' ? channelsLast(value, `'${name}'`) : logical(value) as tf.Tensor4D };
    const grid = shape.length === 3 ? tokenGrid(shape[1]) : null;
    if (!grid) throw new UserFacingError(`The ONNX value '${name}' has shape [${shape.join(', ')}], neither a feature map (batch × channels × height × width) nor a sequence of patch tokens.`, 'unsupported');
    this.prefixLength.set(name, grid.prefix);
    const tokens = logical(value) as tf.Tensor3D;
    const [batch, , channels] = tokens.shape;
    // definitions.md §4 (ViT): tokens reshaped to the patch grid, class token dropped, as pytorch-grad-cam's reshape_transform.
    const features = tf.reshape(tf.slice(tokens, [0, grid.prefix, 0], [-1, -1, -1]), [batch, grid.side, grid.side, channels]) as tf.Tensor4D;
    return grid.prefix > 0 ? { features, prefixTokens: tf.slice(tokens, [0, 0, 0], [-1, grid.prefix, -1]) } : { features };
  }

  /** The inverse of featureMap: the value to feed for `name`. */
  private featureValue(features: tf.Tensor4D, name: string, context?: HeadContext): Value {
    if (!this.prefixLength.has(name)) return device(features, this.structure.layout === 'NCHW');
    const [batch, height, width, channels] = features.shape;
    const patches = tf.reshape(features, [batch, height * width, channels]);
    const prefix = context?.prefixTokens;
    if (prefix === undefined && this.prefixLength.get(name)) throw new UserFacingError(`The tokens of '${name}' include a class token that the patch grid leaves out; run the head with the context featuresAndLogits returned.`, 'unsupported');
    return device(prefix ? tf.concat([prefix, patches], 1) : patches);
  }

  private check(name: string): void {
    if (!this.interpreter.has(name)) throw new UserFacingError(`The ONNX graph has no value named '${name}'.`, 'not-found');
  }
}

/** A feature shape [C, H, W] (or [H, W, C] for an NHWC graph, [T, C] for tokens) as the H×W×C the inspection reports; null when not a map. */
function featureShapeHwc(shape: number[] | null, layout: OnnxStructure['layout']): [number, number, number] | null {
  const grid = shape && shape.length === 2 ? tokenGrid(shape[0]) : null;
  if (shape && grid) return [grid.side, grid.side, shape[1]];
  if (!shape || shape.length !== 3) return null;
  return layout === 'NCHW' ? [shape[1], shape[2], shape[0]] : [shape[0], shape[1], shape[2]];
}

/** Loads, checks and inspects the ONNX model at `path`. */
export async function openOnnxModel(path: string): Promise<OpenedModel> {
  const name = basename(path);
  const graph = await readOnnxGraph(path);
  const training = trainingModeNode(graph);
  if (training) {
    throw new UserFacingError(`${name} was exported in training mode: ${training.opType} node '${training.name}' would update its statistics or drop units at every prediction. Call model.eval() before torch.onnx.export and export again.`, 'unsupported');
  }
  const structure = analyseOnnxGraph(graph, name);
  const warnings: string[] = [];
  let interpreted: InterpretedClassifier | UserFacingError;
  try {
    interpreted = new InterpretedClassifier(new OnnxInterpreter(graph), structure);
  } catch (err) {
    if (!isUserFacingError(err)) throw err;
    interpreted = err;
    warnings.push(err.message);
  }
  if (structure.fixedBatch !== null && structure.fixedBatch > 1) warnings.push(`The graph was exported with a fixed batch of ${structure.fixedBatch} images, so images run in groups of ${structure.fixedBatch} (the last padded). Export with dynamic_axes={"input": {0: "batch"}} (or dynamic_shapes) to let batches take any size.`);
  const runtime = await openOnnxRuntime(path, structure.layout, structure.fixedBatch).catch((err: unknown) => {
    if (!(interpreted instanceof UserFacingError)) interpreted.dispose();
    throw err;
  });
  for (const fallback of runtime.fallbacks) warnings.push(`ONNX Runtime could not use a provider (${fallback}); predictions run on '${runtime.provider}'.`);
  try {
    const shapes = interpreted instanceof UserFacingError
      ? { logits: await measureOnRuntime(runtime, structure.inputShape), feature: null }
      : interpreted.measure(structure.inputShape, structure.featureValue);
    if (shapes.logits.length !== 1) {
      throw new UserFacingError(`${name} produces output of shape [${shapes.logits.join(', ')}] per image, not one score per class.`, 'unsupported');
    }
    const inspection = { ...onnxInspection(graph, structure, shapes.logits[0], featureShapeHwc(shapes.feature, structure.layout), warnings), predictionRuntime: runtime.description };
    const forward = await onnxForward(inspection, structure, interpreted, runtime);
    const scalingGuess = structure.bakedNormalisation
      ? { scaling: { kind: 'unit' as const }, note: `The graph normalises its own input (${structure.bakedNormalisation}), so images go in as [0, 1] RGB without a second normalisation.` }
      : { scaling: IMAGENET_SCALING, note: 'No normalisation was found at the start of the graph, so the preprocessing guess applies torchvision\'s ImageNet mean and std ((x − [0.485, 0.456, 0.406]) / [0.229, 0.224, 0.225]). This is a guess: if the model was trained with other values, set them in the preprocessing profile.' };
    return { inspection, forward, scalingGuess };
  } catch (err) {
    if (!(interpreted instanceof UserFacingError)) interpreted.dispose();
    await runtime.release();
    throw err;
  }
}

async function measureOnRuntime(runtime: OnnxRuntimeSession, inputShape: [number, number, number]): Promise<number[]> {
  const zeros = tf.zeros([1, ...inputShape]) as tf.Tensor4D; // run in a padded piece where the batch is fixed
  const output = await runtime.run(zeros).finally(() => zeros.dispose());
  const shape = output.shape.slice(1);
  output.dispose();
  return shape;
}

/** The forward pass: predictions on ONNX Runtime, gradients and feature maps through the interpreter (or its error). */
async function onnxForward(inspection: OpenedModel['inspection'], structure: OnnxStructure, interpreted: InterpretedClassifier | UserFacingError, runtime: OnnxRuntimeSession): Promise<ForwardPass> {
  const use = (): InterpretedClassifier => {
    if (interpreted instanceof UserFacingError) throw interpreted;
    return interpreted;
  };
  const { denseLayer, applicable } = inspection.camHead;
  const feature = inspection.lastConvLayer;
  const denseHead = await ProbedDenseHead.probe(applicable && denseLayer && feature && !(interpreted instanceof UserFacingError)
    ? { head: (f) => interpreted.headFromFeatures(f, feature.name), channels: feature.shape[2], denseNode: denseLayer }
    : null);
  const outputIsSoftmax = structure.softmaxValue !== null;
  const probabilitiesOf = async (run: Promise<tf.Tensor2D>): Promise<tf.Tensor2D> => {
    const output = await run;
    if (outputIsSoftmax) return output;
    const probabilities = tf.softmax(output);
    output.dispose();
    return probabilities;
  };
  return {
    logits: (x) => use().logits(x),
    probabilities: (x) => use().probabilities(x),
    predict: (x) => probabilitiesOf(runtime.run(x)),
    // A graph that outputs its logits gives them on ONNX Runtime, many times faster than the interpreter (which runs when it ends in softmax).
    ...(outputIsSoftmax ? {} : { predictLogits: (x: tf.Tensor4D) => runtime.run(x) }),
    hostInput: {
      layout: structure.layout,
      predict: (batch) => probabilitiesOf(runtime.runValues(batch.values, batch.shape)),
      ...(outputIsSoftmax ? {} : { predictLogits: (batch: HostBatch) => runtime.runValues(batch.values, batch.shape) }),
    },
    featuresAndLogits: (x, name) => use().featuresAndLogits(x, name),
    headFromFeatures: (features, name, context) => use().headFromFeatures(features, name, context),
    denseHeadWeights: (denseNode) => denseHead.weights(denseNode),
    dispose: () => {
      denseHead.dispose();
      if (!(interpreted instanceof UserFacingError)) interpreted.dispose();
      void runtime.release();
    },
  };
}
