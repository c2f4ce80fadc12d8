// JSON-RPC between the extension host and the engine process. Both sides import these types only.
import { NotificationType, RequestType, RequestType0 } from 'vscode-jsonrpc';
import type { BackendInfo, BackendPreference } from './backend';
import type { SkippedFile } from './data';
import type { LabelSet, ModelInspection, PreprocessingProfile } from './model';
import type { RunRecord } from './records';

export interface InitializeParams { backend: BackendPreference; batchSize: number }

export interface LoadModelParams {
  path: string;
  /** Label file to use instead of the one found beside the model. */
  labelsPath?: string;
}

export interface LoadedModel {
  modelId: string;
  inspection: ModelInspection;
  profile: PreprocessingProfile;
  labels: LabelSet;
}

export interface SaveProfileParams { modelId: string; profile: PreprocessingProfile }

export interface ClassScore { index: number; name: string; probability: number }

export interface ImagePrediction {
  id: string;
  path: string;
  label: number | null;
  top: ClassScore[];
  /** The full softmax distribution, when asked for. */
  probabilities: number[] | null;
  /** A small JPEG of the image as a data: URI, when asked for. */
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

export interface ProgressParams { token: string; done: number; total: number; message: string }

export const Requests = {
  initialize: new RequestType<InitializeParams, BackendInfo, void>('engine/initialize'),
  loadModel: new RequestType<LoadModelParams, LoadedModel, void>('engine/loadModel'),
  saveProfile: new RequestType<SaveProfileParams, LoadedModel, void>('engine/saveProfile'),
  predict: new RequestType<PredictParams, RunRecord<PredictResults>, void>('engine/predict'),
  shutdown: new RequestType0<void, void>('engine/shutdown'),
};

export const Notifications = {
  progress: new NotificationType<ProgressParams>('engine/progress'),
  log: new NotificationType<{ level: 'info' | 'warn' | 'error'; message: string }>('engine/log'),
};
