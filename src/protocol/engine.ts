// What the host asks the engine before any analysis: start on a backend, load a checkpoint, save its preprocessing profile.
import type { BackendPreference } from './backend';
import type { LabelSet, ModelInspection, PreprocessingOverrides, PreprocessingProfile } from './model';

export interface InitializeParams { backend: BackendPreference; batchSize: number }

export interface LoadModelParams {
  path: string;
  /** Label file to use instead of the one found beside the model. */
  labelsPath?: string;
  /** Preprocessing profile file to use instead of the sidecar beside the model (the CLI's --preprocessing). */
  preprocessingPath?: string;
  /** Profile fields to set over the file, the sidecar or the guess (the CLI's --input-size, --scaling, …). */
  preprocessingOverrides?: PreprocessingOverrides;
}

export interface LoadedModel {
  modelId: string;
  inspection: ModelInspection;
  profile: PreprocessingProfile;
  labels: LabelSet;
}

export interface SaveProfileParams { modelId: string; profile: PreprocessingProfile }

