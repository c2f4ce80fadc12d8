// The cam analysis: class activation maps (or occlusion sensitivity maps), their boxes and the WSOL metrics (definitions.md §3, §4).
import type { Box, SkippedFile } from './data';
import type { ProtocolSummary } from './wsolProtocol';

/** The map methods (definitions.md §4), in the order menus list them; CLI names as pytorch-grad-cam's classes, then occlusion sensitivity (§3). */
export const camMethods = ['cam', 'gradcam', 'gradcam++', 'xgradcam', 'layercam', 'hirescam', 'scorecam', 'eigencam', 'ablationcam', 'occlusion'] as const;
export type CamMethod = (typeof camMethods)[number];
/** How each method is named in panels, reports and messages. */
export const camMethodNames: Readonly<Record<CamMethod, string>> = {
  cam: 'CAM', gradcam: 'Grad-CAM', 'gradcam++': 'Grad-CAM++', xgradcam: 'XGrad-CAM', layercam: 'LayerCAM',
  hirescam: 'HiResCAM', scorecam: 'Score-CAM', eigencam: 'Eigen-CAM', ablationcam: 'Ablation-CAM', occlusion: 'Occlusion sensitivity',
};
/** Score-map normalisations (definitions.md §4): min-max, max, PaS, IVR. */
export const camNormalisations = ['minmax', 'max', 'pas', 'ivr'] as const;
export type CamNormalisationName = (typeof camNormalisations)[number];
/** Which class each map explains: the model's top-1 prediction or the ground-truth label. */
export const camTargets = ['top1', 'gt'] as const;
export type CamTargetChoice = (typeof camTargets)[number];
/** The IoU criteria δ that MaxBoxAccV2 averages over (Choe et al., CVPR 2020). */
export const maxBoxAccV2Ious = [0.3, 0.5, 0.7] as const;

export interface CamParams {
  modelId: string;
  /** An image, a folder, an ImageFolder tree or a wsolevaluation dataset; box metrics cover the images with ground-truth boxes (metadata/localization.txt). */
  data: string;
  method: CamMethod;
  normalisation: CamNormalisationName;
  /** IVR's percentile p as a fraction (default 0.6); only with normalisation 'ivr'. */
  ivrPercentile?: number;
  /** Feature layer or node (default: the last convolutional layer). */
  layer?: string;
  /** Occlusion sensitivity's window side and stride in input pixels (default: a seventh of the input side, stride half of it); only with method 'occlusion'. */
  occlusionPatch?: number;
  occlusionStride?: number;
  target: CamTargetChoice;
  /** τ for the boxes and top-1 / GT-known localisation, on the threshold grid; default: where MaxBoxAcc peaks, or CAM's 0.2 without ground-truth boxes. */
  localisationThreshold?: number;
  /** δ values (fractions) for MaxBoxAccV2, a subset of maxBoxAccV2Ious; default all three. */
  iouThresholds?: number[];
  /** Step of the CAM threshold grid τ ∈ [0, 1): 0.01 (default) or 0.001. */
  thresholdStep?: number;
  /** Folder to write one wsolevaluation .npy score map per image into (<folder>/<image_id>.npy). */
  scoremapFolder?: string;
  /** Folder to write one overlay PNG per image into (<folder>/<image_id>.png: the map over the image, the boxes at the run's τ). */
  overlayFolder?: string;
  /** Keep only the first N images (after sorting by id). */
  limit?: number;
  /** Attach to every image what a viewer needs to draw it without asking again (CamImageResult.overlay). */
  includeOverlays: boolean;
  /** Token echoed in progress notifications for this request. */
  progressToken: string;
  /** Folder to save the run record in; no record is written when absent. */
  runsFolder?: string;
  /** Also measure the maps' faithfulness (ROAD, deletion / insertion, average drop / increase): many extra forward passes per image. */
  faithfulness?: boolean;
}

/** One image drawn at the evaluation size: its normalised map, the image itself, and the predicted box at every τ. */
export interface CamImageOverlay {
  /**
   * The normalised score map, quantised as the boxes are (value·255, truncated), as an 8-bit grayscale PNG: a data: URI, or
   * in a saved record the PNG's path among its attachments (a panel's webview gets a URI it may load).
   */
  map: string;
  /** The image stretched to the evaluation size, as a JPEG: a data: URI or an attachment's path, as `map`. */
  image: string;
  /** The largest contour's box at each threshold τ of CamResults.thresholds, at the evaluation size. */
  boxes: Box[];
  /** Each of those boxes' best IoU with a ground-truth box; null when the image has none. */
  ious: number[] | null;
}

/** What must be printed beside the localisation numbers for them to be comparable (definitions.md §4). */
export interface CamSettings {
  method: CamMethod;
  normalisation: CamNormalisationName;
  /** IVR's percentile p, null for the other normalisations. */
  ivrPercentile: number | null;
  /** The feature layer the maps come from. */
  layer: string;
  target: CamTargetChoice;
  /** Side of the square the maps and boxes are evaluated at (224, as wsolevaluation). */
  evaluationSize: number;
  thresholdStep: number;
  /** How images reach the model: stretched to its input size, without a centre crop, as wsolevaluation evaluates. */
  inputSize: [number, number];
  /** Occlusion sensitivity's zero-filled window side and stride in input pixels; only with method 'occlusion'. */
  occlusion?: { patch: number; stride: number };
}

export interface CamAccuracyCurve {
  /** The IoU criterion δ. */
  iouThreshold: number;
  /** Fraction of images localised at each threshold τ of CamResults.thresholds. */
  accuracies: number[];
  maxAccuracy: number;
  /** The first τ reaching maxAccuracy. */
  bestThreshold: number;
}

export interface CamImageResult {
  id: string;
  label: number | null;
  /** The model's top-1 class. */
  predicted: number;
  /** The class the map explains. */
  explained: number;
  /** Ground-truth boxes scaled to the evaluation size; empty when the image has none (it is then not scored). */
  groundTruth: Box[];
  /** The largest contour's box at CamResults.boxThreshold, at the evaluation size. */
  box: Box;
  /** That box's best IoU with a ground-truth box; null when the image has none. */
  iou: number | null;
  /** Present when CamParams.includeOverlays was set. */
  overlay: CamImageOverlay | null;
}

export interface CamResults {
  modelPath: string;
  settings: CamSettings;
  /** Images with a map; the box metrics cover those of them with ground-truth boxes (CamImageResult.groundTruth). */
  imageCount: number;
  /** The CAM thresholds τ the curves and the overlays' boxes are sampled at. */
  thresholds: number[];
  /** The τ of every image's box: localisation.threshold with box metrics, else the one given or CAM's 0.2. */
  boxThreshold: number;
  /** MaxBoxAcc: the largest contour's box, δ = 0.5; null when no image has a ground-truth box. */
  maxBoxAcc: CamAccuracyCurve | null;
  /** MaxBoxAccV2: every contour's box, one curve per δ, and the mean of their maxima; null when no image has a ground-truth box. */
  maxBoxAccV2: { curves: CamAccuracyCurve[]; mean: number } | null;
  /**
   * Top-1 and GT-known localisation (IoU ≥ 0.5) at one τ, and whether that τ is MaxBoxAcc's best or was given; null when
   * no image has a ground-truth box. Top-1 is null unless every scored image has a label.
   */
  localisation: { threshold: number; thresholdSource: 'max-box-acc' | 'given'; top1: number | null; gtKnown: number } | null;
  /** PxAP over the images with ground-truth masks (OpenImages layout, definitions.md §4); absent in older records, null without masks. */
  pxap?: number | null;
  /** The WSOL protocol that chose these settings on train-fullsup, these results being test's (definitions.md §4); absent otherwise. */
  protocol?: ProtocolSummary;
  /** Per image, in dataset order. */
  images: CamImageResult[];
  /** Where the .npy score maps were written, null when they were not. */
  scoremapFolder: string | null;
  /** Where the overlay PNGs were written, null when they were not. */
  overlayFolder: string | null;
  skipped: SkippedFile[];
  warnings: string[];
  /** Faithfulness of the maps (definitions.md §4); absent in records made before it existed, null when not asked for. */
  faithfulness?: CamFaithfulness | null;
}

/**
 * Faithfulness of a run's maps over its images (definitions.md §4), every score the softmax probability of the explained
 * class and every map normalised as the run normalises it, at the model's input size.
 */
export interface CamFaithfulness {
  imageCount: number;
  /** ROAD's percentiles p: at p the pixels at or above the p-th percentile of the map (MoRF) or of 1 − map (LeRF) are imputed. */
  percentiles: number[];
  /** σ of the noise added to each imputed value, on the [0, 1] pixel scale, and the seed it is drawn from. */
  imputationNoise: number;
  seed: number;
  /** Mean probability after imputing at each percentile, most relevant first and least relevant first. */
  roadMorf: number[];
  roadLerf: number[];
  /** Mean probability of the unperturbed images. */
  originalConfidence: number;
  /** pytorch-grad-cam's ROADCombined: (mean LeRF change − mean MoRF change) / 2, averaged over images; higher is more faithful. */
  roadCombined: number;
  /** Pixels changed per deletion / insertion step; the curves have one point per step from 0 to all pixels. */
  stepPixels: number;
  /** Mean probability after each step: deletion (pixels set to 0) and insertion (from the blurred image). */
  deletion: number[];
  insertion: number[];
  /** Mean area under those curves over the fraction of pixels changed: lower deletion and higher insertion are more faithful. */
  deletionAuc: number;
  insertionAuc: number;
  /** Chattopadhay et al.'s average drop % and % increase in confidence, on the image multiplied by its map. */
  averageDrop: number;
  averageIncrease: number;
}

type BoxMetricField = 'maxBoxAcc' | 'maxBoxAccV2' | 'localisation';

/** Cam results (or a view of them) of a run that scored images against ground-truth boxes: every box metric present. */
export type WithBoxMetrics<R extends Pick<CamResults, BoxMetricField>> = R & { [K in BoxMetricField]: NonNullable<CamResults[K]> };

/** Whether the run had ground-truth boxes to score, so its box metrics are present. */
export function hasBoxMetrics<R extends Pick<CamResults, BoxMetricField>>(results: R): results is WithBoxMetrics<R> {
  return results.maxBoxAcc !== null && results.maxBoxAccV2 !== null && results.localisation !== null;
}

/** How many of the run's images have ground-truth boxes: the images its box metrics cover. */
export function scoredImageCount(results: { images: readonly Pick<CamImageResult, 'groundTruth'>[] }): number {
  return results.images.filter((image) => image.groundTruth.length > 0).length;
}
