// What the engine reports about a checkpoint and how its inputs are prepared.
import * as z from 'zod/mini';
import './schemas/locale';

export const modelFormats = ['tfjs-layers', 'tfjs-graph', 'keras-h5', 'keras-v3', 'saved-model', 'onnx'] as const;
export type ModelFormat = (typeof modelFormats)[number];

export interface LayerSummary {
  name: string;
  className: string;
  /** Output shape without the batch dimension; null where unknown (graph models). */
  outputShape: (number | null)[] | null;
  parameterCount: number;
}

export interface CamHeadInfo {
  /** True when the head is global-average-pooling followed by exactly one dense layer. */
  applicable: boolean;
  /** Why classic CAM does or does not apply, in words a user understands. */
  reason: string;
  denseLayer: string | null;
}

export interface ModelInspection {
  path: string;
  format: ModelFormat;
  /** NHWC input shape without the batch dimension. */
  inputShape: [number, number, number];
  parameterCount: number;
  layers: LayerSummary[];
  numClasses: number;
  /** Whether the model's output is already a softmax distribution. */
  outputKind: 'logits' | 'softmax';
  /** Name of the layer or node whose output feeds the final softmax (the logits), when the model ends in one. */
  logitsSource: string | null;
  /** The last convolutional feature map: layer or node name and its H×W×C shape. */
  lastConvLayer: { name: string; shape: [number, number, number] } | null;
  camHead: CamHeadInfo;
  /** Where predictions (no gradient) run when not on the engine's tensor backend, e.g. 'ONNX Runtime · cpu, 2 threads'; absent: the engine's backend. */
  predictionRuntime?: string;
  warnings: string[];
}

const positive = z.number().check(z.positive());
const positiveInt = z.int().check(z.positive());

export const valueScalingSchema = z.discriminatedUnion('kind', [
  /** x/255: values in [0, 1]. */
  z.object({ kind: z.literal('unit') }),
  /** x/127.5 − 1: values in [−1, 1]. */
  z.object({ kind: z.literal('symmetric') }),
  /** (x/255 − mean)/std per channel. */
  z.object({ kind: z.literal('meanStd'), mean: z.tuple([z.number(), z.number(), z.number()]), std: z.tuple([positive, positive, positive]) }),
  /** Raw 0..255 values. */
  z.object({ kind: z.literal('raw255') }),
]);
export type ValueScaling = z.infer<typeof valueScalingSchema>;

export const preprocessingProfileSchema = z.object({
  version: z.literal(1),
  /** Model input height and width. */
  inputSize: z.tuple([positiveInt, positiveInt]),
  /** stretch: resize straight to inputSize; shorter-side: keep aspect, resize shorter side then centre-crop. */
  resize: z.enum(['stretch', 'shorter-side']),
  /** Centre-crop fraction applied after a shorter-side resize (e.g. 0.875 for 224 of 256); 1 means none. */
  centerCropFraction: z.number().check(z.gt(0), z.lte(1)),
  scaling: valueScalingSchema,
  channelOrder: z.enum(['RGB', 'BGR']),
  /** True when the engine guessed this profile rather than reading it from a sidecar file. */
  guessed: z.boolean(),
});
export type PreprocessingProfile = z.infer<typeof preprocessingProfileSchema>;

/** Profile fields set one by one (the CLI's flags), replacing those of the profile file, the sidecar or the guess. */
export type PreprocessingOverrides = Partial<Pick<PreprocessingProfile, 'inputSize' | 'resize' | 'centerCropFraction' | 'scaling' | 'channelOrder'>>;

/** torchvision's ImageNet normalisation: (x/255 − [0.485, 0.456, 0.406]) / [0.229, 0.224, 0.225]. */
export const IMAGENET_SCALING: ValueScaling = { kind: 'meanStd', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

/** LabelSet.source of a model without class names of its own (named 'class 0', 'class 1', …). */
export const GENERATED_LABELS_SOURCE = 'generated';

export interface LabelSet {
  names: string[];
  /** Where the names came from (a file path, 'imagefolder:<dir>', or GENERATED_LABELS_SOURCE). */
  source: string;
  warnings: string[];
}
