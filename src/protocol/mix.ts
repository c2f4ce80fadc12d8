// The mix-preview request and its results (definitions.md §6): Mixup, Cutout, CutMix and Puzzle Mix on pairs of dataset images,
// each checkpoint's prediction on the mixed image, and its "in-between" statistics.
import type { ClassScore } from './predict';

export const mixMethods = ['mixup', 'cutout', 'cutmix', 'puzzlemix'] as const;
export type MixMethod = (typeof mixMethods)[number];

/** Puzzle Mix's grid sides g. */
export const puzzleGridSizes = [2, 4, 8, 16] as const;
export type PuzzleGrid = (typeof puzzleGridSizes)[number];

/** Which images are mixed: N seeded random pairs, N pairs from class A (x1) and class B (x2), or two images by id. */
export type MixPairing =
  | { kind: 'random'; count: number }
  | { kind: 'classes'; firstClass: number; secondClass: number; count: number }
  | { kind: 'images'; firstId: string; secondId: string };

/** λ: one fixed value for every pair, or a fresh draw per pair from Beta(a, a) (Mixup's α, CutMix's β). */
export type MixLambda = { kind: 'fixed'; value: number } | { kind: 'beta'; concentration: number };

/** Puzzle Mix's preview parameters (definitions.md §6): grid g ('random': drawn from {2, 4, 8, 16}), levels m, β label smoothness, γ data smoothness, η prior weight, transport. */
export interface PuzzleMixSettings {
  grid: PuzzleGrid | 'random';
  levels: number;
  smoothness: number;
  dataSmoothness: number;
  priorWeight: number;
  transport: boolean;
}

export const DEFAULT_PUZZLE_SETTINGS: PuzzleMixSettings = { grid: 'random', levels: 2, smoothness: 1.2, dataSmoothness: 0.5, priorWeight: 0.2, transport: true };

/** How a Puzzle Mix preview ran: the g used, the neighbourhood side the data term pooled over, the transport weight ξ and the mask solver. */
export interface PuzzleMixRun {
  gridUsed: PuzzleGrid;
  neighbourhood: number;
  transportWeight: number;
  solver: 'exact' | 'alpha-beta-swap';
  saliencyModel: string;
}

export interface MixParams {
  /** The checkpoints that predict on the mixed images; the first one's input size is the mixing size and its gradient is Puzzle Mix's saliency. */
  modelIds: string[];
  /** A labelled dataset: an ImageFolder tree or a wsolevaluation dataset. */
  data: string;
  method: MixMethod;
  pairing: MixPairing;
  lambda: MixLambda;
  /** Cutout's side L in pixels of the mixing size; default half the shorter side. */
  cutoutSide?: number;
  puzzle?: PuzzleMixSettings;
  seed: number;
  /** Token echoed in progress notifications for this request. */
  progressToken: string;
  /** Folder to save the run record in; no record is written when absent. */
  runsFolder?: string;
}

/** One source image of a pair. */
export interface MixSource {
  id: string;
  label: number;
  /** The image at the mixing size as a JPEG: a data: URI, or in a saved record the JPEG's path among its attachments. */
  image: string;
}

export interface MixModelPrediction {
  modelPath: string;
  /** The five most probable classes. */
  top: ClassScore[];
}

export interface MixPairResult {
  first: MixSource;
  /** Null for Cutout, which uses one image. */
  second: MixSource | null;
  /** The mixed image as a PNG: a data: URI, or in a saved record the PNG's path among its attachments. */
  mixed: string;
  /** The weight of the first image's class in the target (after CutMix's clipping; Puzzle Mix's mask mean; 1 for Cutout). */
  lambda: number;
  /** The non-zero entries of the mixed target, largest first. */
  target: ClassScore[];
  /** One per model, in MixParams.modelIds order. */
  predictions: MixModelPrediction[];
}

/** definitions.md §6 "in-between": over the pairs of two different classes; rates are null when there is none. */
export interface MixModelStatistics {
  modelPath: string;
  pairCount: number;
  sameClassPairs: number;
  /** Share of pairs whose top-2 predictions are {y1, y2}. */
  topTwoMatchRate: number | null;
  /** Mean |p(y1) − λ|. */
  meanGapFirst: number | null;
  /** Mean |p(y2) − (1−λ)|. */
  meanGapSecond: number | null;
}

/** The settings as they ran, with every default filled in. */
export interface MixSettings {
  method: MixMethod;
  pairing: MixPairing;
  lambda: MixLambda;
  /** Cutout's side L; null for the other methods. */
  cutoutSide: number | null;
  /** Null unless the method is Puzzle Mix. */
  puzzle: (PuzzleMixSettings & PuzzleMixRun) | null;
  seed: number;
  /** Height and width the images are mixed at. */
  inputSize: [number, number];
}

export interface MixResults {
  settings: MixSettings;
  classNames: string[];
  pairs: MixPairResult[];
  /** One per model; empty for Cutout, whose label is unchanged. */
  statistics: MixModelStatistics[];
  warnings: string[];
}
