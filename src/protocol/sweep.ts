// The robustness sweep's request, plan and results: clean, corruptions × severities, FGSM, occlusion, calibration and OOD
// for several checkpoints on the same images (definitions.md §1–§3, §5), summarised as the CutMix paper's table.
import type { SkippedFile } from './data';
import type { PreprocessingProfile } from './model';

export const sweepParameterSets = ['imagenet-c', 'cifar-10-c'] as const;
export type SweepParameterSet = (typeof sweepParameterSets)[number];

/**
 * ImageNet benchmark sets, ImageFolder trees as released: the validation set, ImageNet-Sketch, ImageNet-A and ImageNet-R with
 * WordNet-id class folders, ImageNet-V2 with class-index folders 0 … 999 (definitions.md §7).
 */
export const imagenetBenchmarks = ['imagenet-val', 'imagenet-v2', 'imagenet-sketch', 'imagenet-a', 'imagenet-r'] as const;
export type ImageNetBenchmark = (typeof imagenetBenchmarks)[number];

/** The analysis name of a shard's run record. */
export const SWEEP_SHARD_ANALYSIS = 'sweep-shard';

/** The literal a caller passes as `baseline` to compare against AlexNet's published ImageNet-C errors. */
export const ALEXNET_BASELINE = 'alexnet';

/** OpenOOD's split of OOD sets: near-OOD (semantic shift only) and far-OOD (covariate shift too). */
export const oodFolderTags = ['near', 'far'] as const;
export type OodFolderTag = (typeof oodFolderTags)[number];

/** A user folder of out-of-distribution images; it is reported as the set named by its folder name. */
export interface SweepOodFolder {
  path: string;
  /** Shown beside the set's name in every row. */
  tag?: OodFolderTag;
}

/** Part of a sharded sweep: shard `index` (0-based) of `count`, split at batch boundaries. */
export interface SweepShard {
  index: number;
  count: number;
}

export interface SweepParams {
  /** Loaded models (their modelIds), evaluated side by side on the same images. */
  modelIds: string[];
  /**
   * An image folder, an ImageFolder tree, a wsolevaluation dataset or a CIFAR binary test set; every image needs a class label.
   * Or a released corruption set (an ImageNet-C-style <corruption>/<severity>/… tree, CIFAR-10-C-style .npy arrays):
   * its images are read instead of generated, and `clean` names the clean images they were made from.
   */
  data: string;
  /** Read `data` (or `clean`) as this ImageNet benchmark; absent: recognised from its folder names when it is one (definitions.md §7). */
  dataset?: ImageNetBenchmark;
  /** With a released corruption set as `data`: the clean set (ImageFolder of the same images; the CIFAR binary test set for arrays). */
  clean?: string;
  /** 'alexnet', or a loaded model's id (evaluated too when it is not among modelIds). Default: AlexNet for ImageNet models, else the first model. */
  baseline?: string;
  /** Corruption names (definitions.md §1); default all 15 benchmark corruptions and the 4 extras. An empty list runs none. */
  corruptions?: string[];
  /** Severities 1..5; default all five. */
  severities?: number[];
  /** FGSM ε values in pixel units of [0, 1] images; absent or empty: no FGSM. */
  fgsmEpsilons?: number[];
  /** Occlusion robustness with centred holes (definitions.md §3). */
  occlusion?: boolean;
  /** OOD detection against the built-in uniform and Gaussian noise sets (default true). */
  ood?: boolean;
  /** One folder of out-of-distribution images, reported as the set 'folder' (requests and records written before oodFolders). */
  oodFolder?: string;
  /** Folders of out-of-distribution images, each scored besides the built-in sets as its own set named by its folder name. */
  oodFolders?: SweepOodFolder[];
  /**
   * A labelled dataset (any layout `data` accepts, matched to the model's classes the same way) on which temperature scaling is
   * fitted (definitions.md §5); refused when it shares an image with the evaluated images. Absent: no temperature scaling.
   */
  calibrationSplit?: string;
  /** Keep only the first N images (after sorting by id); applies to the OOD folder too. */
  limit?: number;
  /** Seed of every random draw (default 0). */
  seed?: number;
  /** Force a corruption parameter table; default by input size (CIFAR-10-C for inputs ≤ 64 px). */
  parameterSet?: SweepParameterSet;
  /** Save each corrupted image as JPEG quality 85 and read it back, as the released ImageNet-C files (default off). */
  jpegRoundTrip?: boolean;
  /** Write every model's per-image probabilities for every condition to this file (.csv, else JSON Lines). */
  savePredictions?: string;
  /** Images per corruption in the gallery (default 3; 0 for none). */
  galleryImages?: number;
  /** Token echoed in progress notifications for this request. */
  progressToken: string;
  /** Folder to save the run record in; no record is written when absent. */
  runsFolder?: string;
  /** Engine worker processes splitting the images (default: the CPU cores on the wasm and cpu backends, else 1). */
  workers?: number;
}

/** One evaluated condition; `key` names it in prediction files and CSV exports. */
export type SweepCondition =
  | { kind: 'clean'; key: string; label: string }
  | { kind: 'corruption'; key: string; label: string; corruption: string; severity: number }
  | { kind: 'fgsm'; key: string; label: string; epsilon: number }
  | { kind: 'occlusion'; key: string; label: string; mode: 'centre' | 'boundary'; holeFraction: number }
  | { kind: 'ood'; key: string; label: string; set: string };

export interface SweepPlan {
  imageCount: number;
  batchSize: number;
  batchCount: number;
  /** Models that share input size and resize geometry share decoded and corrupted batches; one group per distinct geometry. */
  groups: Array<{ modelIds: string[]; inputSize: [number, number] }>;
  parameterSet: SweepParameterSet;
  conditions: SweepCondition[];
  /** Forward passes of one batch through one model, FGSM's gradient pass included; fewer when files fail to decode. */
  forwardPasses: number;
  /** Measured time of one forward pass of a full batch, per model, in milliseconds. */
  passMs: Record<string, number>;
  /** Model time only (FGSM's gradient pass counted as three forward passes); corrupting the images adds to it. */
  estimatedSeconds: number;
  /** The split temperature scaling is fitted on, when the request names one. */
  calibrationSplit?: { path: string; imageCount: number };
  /** The baseline the summary will use: 'alexnet' or a model id. */
  baseline: string;
  notes: string[];
}

export interface SweepCorruptionErrors {
  corruption: string;
  displayName: string;
  family: 'noise' | 'blur' | 'weather' | 'digital';
  kind: 'benchmark' | 'extra';
  /** Top-1 error at each severity of SweepSettings.severities, in that order. */
  errors: number[];
}

export interface SweepFgsm {
  target: 'label' | 'prediction';
  imageCount: number;
  cleanError: number;
  errors: Array<{ epsilon: number; error: number; wrong: number }>;
}

export interface SweepOcclusion {
  sizes: Array<{ fraction: number; height: number; width: number }>;
  curves: Array<{ mode: 'centre' | 'boundary'; errors: number[] }>;
  occlusion: number;
  imageCount: number;
  note: string;
}

export interface SweepCalibration {
  ece: number;
  nll: number;
  /** ECE over 15 equal-count bins and classwise ECE (definitions.md §5); absent in records written before they were kept. */
  adaptiveEce?: number;
  classwiseEce?: number;
  bins: SweepReliabilityBin[];
  imageCount: number;
  /** The same metrics after temperature scaling fitted on the calibration split; absent without one (and in older records). */
  temperatureScaling?: SweepTemperatureScaling;
}

export interface SweepReliabilityBin { lower: number; upper: number; count: number; accuracy: number | null; meanConfidence: number | null }

/** Temperature scaling's fit on the calibration split (definitions.md §5), the same in every shard of a run. */
export interface SweepTemperatureFit {
  temperature: number;
  /** The fit lies on an edge of the search range [0.01, 100]. */
  atRangeEdge: boolean;
  /** 'log-probabilities' when the model exposes probabilities only: log p stands in for z (softmax(log p) = p). */
  logitKind: SweepLogitKind;
  /** The calibration split (resolved path) and how many of its images the fit used. */
  split: string;
  splitImageCount: number;
  /** Mean NLL of the split at T = 1 and at the fitted T, in nats. */
  splitNllBefore: number;
  splitNllAfter: number;
}

/** Temperature scaling (definitions.md §5): T fitted on the calibration split, the evaluated clean images' metrics under softmax(z/T). */
export interface SweepTemperatureScaling extends SweepTemperatureFit {
  /** On the evaluated clean images, after scaling: ECE, adaptive ECE, classwise ECE and NLL (before: the enclosing SweepCalibration). */
  ece: number;
  adaptiveEce: number;
  classwiseEce: number;
  nll: number;
  bins: SweepReliabilityBin[];
}
/** An OOD score function of definitions.md §5: max softmax probability, max logit, energy (T = 1). */
export type SweepOodScore = 'msp' | 'maxLogit' | 'energy';

/** Which OOD score a report's OOD table shows: one of the three, or all of them, a row each. */
export const sweepOodScoreChoices = ['msp', 'maxLogit', 'energy', 'all'] as const;
export type SweepOodScoreChoice = (typeof sweepOodScoreChoices)[number];

export interface SweepOodResult {
  set: string;
  /** The near/far tag of a user folder; absent for the built-in sets and untagged folders. */
  tag?: OodFolderTag;
  /** The score the metrics rank by; absent: max softmax probability (records written before scores were selectable). */
  score?: SweepOodScore;
  description: string;
  auroc: number;
  tnrAtTpr95: number;
  detectionAccuracy: number;
  /** FPR at TPR 95% (1 − tnrAtTpr95), AUPR-In and AUPR-Out (definitions.md §5); absent in records written before they were kept. */
  fprAtTpr95?: number;
  auprIn?: number;
  auprOut?: number;
  inCount: number;
  outCount: number;
  histogram: Array<{ lower: number; upper: number; inCount: number; outCount: number }>;
}

/** A condition that could not run for one model (FGSM without a gradient kernel the model needs); the rest of the sweep ran. */
export interface SweepConditionFailure {
  /** The summary column the condition fills. */
  condition: 'fgsm';
  /** What is missing and what to do, e.g. "FGSM could not run on the wasm backend: the gradient kernel 'X' is missing there; …". */
  message: string;
}

export interface SweepModelResult {
  modelId: string;
  name: string;
  inputSize: [number, number];
  clean: number;
  corruptions: SweepCorruptionErrors[];
  fgsm: SweepFgsm | null;
  occlusion: SweepOcclusion | null;
  calibration: SweepCalibration;
  /** OOD detection with the max softmax probability as the score. */
  ood: SweepOodResult[];
  /** The same sets ranked by max logit and by energy; absent in records written before they were kept. */
  oodByScore?: { maxLogit: SweepOodResult[]; energy: SweepOodResult[] };
  /** 'log-probabilities' when the model only exposes probabilities: max logit and energy are then taken on log p (energy is 0). */
  logitKind?: SweepLogitKind;
  /** Conditions that failed for this model (their numbers are null); absent in records written before failures were kept. */
  failedConditions?: SweepConditionFailure[];
}

export interface SweepCorruptionScore { ce: number | null; relativeCe: number | null }

/** One row of the CutMix paper's table (definitions.md §1.4); `model` is the model id. */
export interface SweepSummaryRow {
  model: string;
  clean: number;
  fgsm: number | null;
  occlusion: number | null;
  noise: number | null;
  blur: number | null;
  weather: number | null;
  digital: number | null;
  mce: number | null;
  relativeMce: number | null;
  benchmark: Partial<Record<string, SweepCorruptionScore>>;
  extras: Partial<Record<string, SweepCorruptionScore>>;
  missingBenchmark: string[];
}

export const sweepSummaryColumns = ['clean', 'fgsm', 'occlusion', 'noise', 'blur', 'weather', 'digital', 'mce', 'relativeMce'] as const;
export type SweepSummaryColumn = (typeof sweepSummaryColumns)[number];

export interface SweepSummary {
  rows: SweepSummaryRow[];
  /** Per column, the model id(s) with the lowest value. */
  best: Record<SweepSummaryColumn, string[]>;
}

export interface SweepGalleryPrediction {
  modelId: string;
  clean: { classIndex: number; probability: number };
  corrupted: { classIndex: number; probability: number };
  /** The corrupted image's top-1 class differs from the clean image's. */
  flipped: boolean;
}

export interface SweepGalleryEntry {
  imageId: string;
  label: number;
  corruption: string;
  severity: number;
  /** The clean and the corrupted model input as JPEGs: data: URIs, or in a saved record the JPEGs' paths among its attachments. */
  cleanImage: string;
  corruptedImage: string;
  predictions: SweepGalleryPrediction[];
}

export interface SweepSettings {
  data: string;
  parameterSet: SweepParameterSet;
  corruptions: string[];
  severities: number[];
  seed: number;
  jpegRoundTrip: boolean;
  fgsmEpsilons: number[];
  /** The ε of the summary's FGSM column: 8/255 when swept, else the largest ε; null without FGSM. */
  fgsmSummaryEpsilon: number | null;
  occlusion: boolean;
  ood: string[];
  /** 'alexnet' or the baseline model's id. */
  baseline: string;
  batchSize: number;
  /** The calibration split temperature scaling was fitted on (resolved); absent without one. */
  calibrationSplit?: string;
}

export interface SweepResults {
  settings: SweepSettings;
  /** True when the run was cancelled: the numbers cover the batches that finished every condition. */
  partial: boolean;
  imageCount: number;
  plannedImageCount: number;
  /** Forward passes run (as counted by the plan). */
  forwardPasses: number;
  models: SweepModelResult[];
  /** The paper's table; null when no image finished. */
  summary: SweepSummary | null;
  /** What every report states beside the numbers (definitions.md §1.4). */
  facts: Array<{ label: string; value: string }>;
  gallery: SweepGalleryEntry[];
  /** Class names by index (the first model's that has names of its own), for the gallery; absent or null: class indices. */
  classNames?: string[] | null;
  predictionsFile: string | null;
  skipped: SkippedFile[];
  warnings: string[];
}

/** What a model's logits are: its pre-softmax outputs, or log-probabilities when it only exposes probabilities. */
export type SweepLogitKind = 'logits' | 'log-probabilities';

/** Per image, in dataset order. */
export interface SweepLogitScoreLists {
  maxLogit: number[];
  energy: number[];
}

/**
 * Classwise ECE's totals, flattened as [class · 15 + bin]: images per bin, images of the class per bin, and the sum of the
 * class's probabilities per bin in units of 2⁻³² (whole numbers, so shard totals add exactly in any order).
 */
export interface ClasswiseEceState {
  classCount: number;
  counts: number[];
  hits: number[];
  sums: number[];
}

/** One model's totals over a shard's images, in a form that merges exactly: counts add, per-image lists concatenate. */
export interface SweepTallyState {
  modelId: string;
  imageCount: number;
  /** Top-1 mistakes per condition key. */
  wrong: Record<string, number>;
  /** Per clean image, in dataset order: max softmax probability, whether top-1 is right, the true class's probability. */
  cleanConfidence: number[];
  cleanCorrect: boolean[];
  trueClassProbability: number[];
  /** Max softmax probability of each out-of-distribution image, per set, in dataset order. */
  oodScores: Record<string, number[]>;
  /** Max logit and energy of each clean and each OOD image, in dataset order; absent in shard records written before they were kept. */
  logitScores?: { kind: SweepLogitKind; clean: SweepLogitScoreLists; ood: Record<string, SweepLogitScoreLists> };
  /** Classwise ECE's per-class, per-bin totals (ClasswiseEceState); absent in shard records written before it was kept. */
  classwiseBins?: ClasswiseEceState;
  /** Conditions that failed for this model in this shard; absent in shard records written before failures were kept. */
  failedConditions?: SweepConditionFailure[];
  /** Temperature scaling's fit and the shard's clean images under softmax(z/T); absent without a calibration split. */
  temperatureScaling?: TemperatureScalingState;
}

/** What temperature scaling leaves in a shard: the fit (every shard fits the same T on the whole split) and per-image lists that concatenate. */
export interface TemperatureScalingState extends SweepTemperatureFit {
  /** Per clean image, in dataset order, under softmax(z/T): max probability, whether its top-1 is right, the true class's probability. */
  confidence: number[];
  correct: boolean[];
  trueClassProbability: number[];
  /** Classwise ECE's totals under softmax(z/T). */
  classwiseBins: ClasswiseEceState;
}

/** What a shard of a sweep found, with what merging needs to rebuild the unsharded run's results. */
export interface SweepShardResults {
  shard: SweepShard;
  /** The request every shard of the run was given (paths resolved; no shard, progress token or runs folder). */
  request: Omit<SweepParams, 'progressToken' | 'runsFolder' | 'workers'>;
  /** 'alexnet' or the baseline model's id. */
  baseline: string;
  parameterSet: SweepParameterSet;
  classCount: number;
  batchSize: number;
  /** Images of the whole run (all shards). */
  plannedImageCount: number;
  groups: Array<{ geometry: { height: number; width: number; resize: PreprocessingProfile['resize']; centerCropFraction: number }; modelIds: string[] }>;
  /** Display name per model id. */
  names: Record<string, string>;
  partial: boolean;
  imageCount: number;
  forwardPasses: number;
  /** One per model, in the run's model order. */
  tallies: SweepTallyState[];
  gallery: SweepGalleryEntry[];
  /** As in SweepResults; absent in shard records written before it was kept. */
  classNames?: string[] | null;
  predictionsFile: string | null;
  skipped: SkippedFile[];
  warnings: string[];
}
