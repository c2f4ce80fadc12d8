// The predict analysis: top-k classes of each image of a dataset, and top-1 accuracy over its labelled images.
import type { SkippedFile } from './data';

export interface ClassScore { index: number; name: string; probability: number }

export interface ImagePrediction {
  id: string;
  path: string;
  label: number | null;
  top: ClassScore[];
  /** The full softmax distribution, when asked for. */
  probabilities: number[] | null;
  /** A small JPEG of the image, when asked for: a data: URI, or in a saved record the JPEG's path among its attachments. */
  thumbnail: string | null;
}

export interface PredictParams {
  modelId: string;
  /** An image, a folder, an ImageFolder tree or a wsolevaluation dataset. */
  data: string;
  topK: number;
  /** Keep only the first N images (after sorting by id). */
  limit?: number;
  includeProbabilities: boolean;
  includeThumbnails: boolean;
  /** Token echoed in progress notifications for this request. */
  progressToken: string;
  /** Folder to save the run record in; no record is written when absent. */
  runsFolder?: string;
}

export interface PredictResults {
  modelPath: string;
  predictions: ImagePrediction[];
  skipped: SkippedFile[];
  /** Top-1 accuracy over the labelled images, null when none is labelled. */
  top1Accuracy: number | null;
  labelledCount: number;
  /** Problems worth knowing before trusting the accuracy, e.g. dataset class names that disagree with the model's labels. */
  warnings: string[];
}
