// Messages between the extension host and the webview panels. Each panel kind has its own union.
import type { BackendInfo } from './backend';
import type { PreprocessingProfile } from './model';
import type { RunRecord } from './records';
import type { CamMethod, CamNormalisationName, CamResults, CamTargetChoice, LoadedModel, PredictResults } from './rpc';

/** What the overview panel keeps with vscode.setState so it survives hiding and window reloads. */
export interface OverviewPanelState { modelPath: string }

export type OverviewHostMessage =
  | { type: 'model'; model: LoadedModel; backend: BackendInfo }
  | { type: 'predictions'; record: RunRecord<PredictResults> }
  | { type: 'progress'; done: number; total: number; message: string }
  | { type: 'busy'; busy: boolean }
  | { type: 'error'; message: string };

export type OverviewWebviewMessage =
  | { type: 'ready' }
  | { type: 'predictSample' }
  | { type: 'pickImages' }
  | { type: 'cancel' }
  | { type: 'saveProfile'; profile: PreprocessingProfile };

/** What the localisation panel asks the engine for; changing one re-runs the models. */
export interface LocalisationChoices { method: CamMethod; normalisation: CamNormalisationName; target: CamTargetChoice }

/** Colour maps the localisation panel and the report draw score maps with. */
export const colorMapNames = ['viridis', 'inferno', 'jet'] as const;
export type ColorMapName = (typeof colorMapNames)[number];

/** How the localisation panel draws the maps; the webview alone changes it. */
export interface LocalisationDisplay {
  colorMap: ColorMapName;
  /** Opacity of the map over the image, 0 to 1. */
  opacity: number;
  /** Index into the thresholds τ of the shown runs; null until the user moves the slider (then: the first model's best τ). */
  thresholdIndex: number | null;
}

/** What the localisation panel keeps with vscode.setState so it survives hiding and window reloads. */
export interface LocalisationPanelState { modelPaths: string[]; data: string; choices: LocalisationChoices; display: LocalisationDisplay }

/** One model of the localisation panel: where it is and the names of its classes. */
export interface LocalisedModel { path: string; classNames: string[] }

export type LocalisationHostMessage =
  | { type: 'setup'; models: LocalisedModel[]; data: string; choices: LocalisationChoices; backend: BackendInfo }
  | { type: 'results'; records: RunRecord<CamResults>[] }
  | { type: 'progress'; done: number; total: number; message: string }
  | { type: 'busy'; busy: boolean }
  | { type: 'error'; message: string };

export type LocalisationWebviewMessage =
  | { type: 'ready' }
  | { type: 'run'; choices: LocalisationChoices }
  | { type: 'cancel' };
