// Messages between the extension host and the webview panels. Each panel kind has its own union.
import type { BackendInfo } from './backend';
import type { PreprocessingProfile } from './model';
import type { RunRecord } from './records';
import type { CamMethod, CamNormalisationName, CamResults, CamTargetChoice } from './cam';
import type { LoadedModel } from './engine';
import type { PredictResults } from './predict';
import { DEFAULT_PUZZLE_SETTINGS, type MixLambda, type MixMethod, type MixPairing, type MixResults, type PuzzleMixSettings } from './mix';
import type { SweepOodScoreChoice, SweepPlan, SweepResults } from './sweep';

/** What every panel's host tells its webview about the work under way, and what went wrong or differently. */
export type PanelStatusMessage =
  | { type: 'progress'; done: number; total: number; message: string }
  | { type: 'busy'; busy: boolean }
  | { type: 'error'; message: string }
  /** Something the user should know that is not an error, e.g. that a saved run is gone and was computed again. */
  | { type: 'notice'; message: string };

/** What the overview panel keeps with vscode.setState so it survives hiding and window reloads: the model, and the record file of the predictions it shows. */
export interface OverviewPanelState { modelPath: string; recordFile: string | null }

export type OverviewHostMessage =
  | { type: 'model'; model: LoadedModel; backend: BackendInfo }
  | { type: 'predictions'; record: RunRecord<PredictResults>; recordFile: string }
  | PanelStatusMessage;

export type OverviewWebviewMessage =
  | { type: 'ready' }
  | { type: 'predictSample' }
  | { type: 'pickImages' }
  | { type: 'cancel' }
  | { type: 'saveProfile'; profile: PreprocessingProfile };

/**
 * On a dataset with train-fullsup and test splits, the settings the WSOL protocol chooses among on train-fullsup (with
 * the checkpoints and τ; definitions.md §4 "The protocol"): every method × normalisation is a candidate.
 */
export interface LocalisationCandidates { methods: CamMethod[]; normalisations: CamNormalisationName[] }

/** What the localisation panel asks the engine for; changing one re-runs the models. */
export interface LocalisationChoices {
  method: CamMethod; normalisation: CamNormalisationName; target: CamTargetChoice;
  /** Also measure the maps' faithfulness (CamParams.faithfulness); absent in states saved before it existed. */
  faithfulness?: boolean;
  /** The protocol's candidates on a split dataset; absent: the method and normalisation above are the only ones. */
  candidates?: LocalisationCandidates;
}

/** The formats the localisation panel and `cam --export` write. */
export const localisationExportFormats = ['md', 'csv'] as const;
export type LocalisationExportFormat = (typeof localisationExportFormats)[number];

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

/** What the localisation panel keeps with vscode.setState so it survives hiding and window reloads; `recordFiles` are the shown runs' records, one per model. */
export interface LocalisationPanelState { modelPaths: string[]; data: string; choices: LocalisationChoices; display: LocalisationDisplay; recordFiles: string[] | null }

/** One model of the localisation panel: where it is and the names of its classes. */
export interface LocalisedModel { path: string; classNames: string[] }

export type LocalisationHostMessage =
  /** `splits`: the data has train-fullsup and test splits, so the WSOL protocol chooses the settings (LocalisationCandidates). */
  | { type: 'setup'; models: LocalisedModel[]; data: string; choices: LocalisationChoices; backend: BackendInfo; splits: boolean }
  /** The shown runs, their images' paths replaced by URIs the webview may load (data: URIs in records saved before schema 2). */
  | { type: 'results'; records: RunRecord<CamResults>[]; recordFiles: string[] }
  | PanelStatusMessage;

export type LocalisationWebviewMessage =
  | { type: 'ready' }
  | { type: 'run'; choices: LocalisationChoices }
  | { type: 'cancel' }
  /** Save the shown runs' report in this format (the user picks the file). */
  | { type: 'export'; format: LocalisationExportFormat };

/** What the robustness sweep computes besides clean error (SweepParams' analysis fields). */
export interface SweepAnalyses {
  corruptions: string[];
  severities: number[];
  /** ε values in pixel units of [0, 1] images. */
  fgsmEpsilons: number[];
  occlusion: boolean;
  oodFolder: string | null;
  /** Labelled images to fit temperature scaling on (chosen in the panel's plan); absent or null for none. */
  calibrationSplit?: string | null;
  /** Keep only the first N images; null for all. */
  limit: number | null;
}

/** Which images the sweep gallery lists. */
export type SweepGalleryFilter = 'all' | 'flipped';

/** What the sweep panel keeps with vscode.setState: the shown run's record file, and what the webview alone changes. */
export interface SweepPanelState { recordFile: string; corruption: string | null; galleryFilter: SweepGalleryFilter }

/** One checkpoint of the sweep panel. */
export interface SweepPanelModel { path: string; name: string }

export type SweepHostMessage =
  | { type: 'setup'; models: SweepPanelModel[]; data: string; backend: BackendInfo }
  | { type: 'plan'; plan: SweepPlan }
  | { type: 'results'; record: RunRecord<SweepResults>; recordFile: string }
  | PanelStatusMessage;

export const sweepExportFormats = ['md', 'csv', 'html'] as const;
export type SweepExportFormat = (typeof sweepExportFormats)[number];

export type SweepWebviewMessage =
  | { type: 'ready' }
  | { type: 'start' }
  | { type: 'cancel' }
  /** `oodScore`: the OOD score the panel shows, which the Markdown and HTML reports' OOD table shows too. */
  | { type: 'export'; format: SweepExportFormat; oodScore: SweepOodScoreChoice }
  /** Choose the calibration split in a folder dialog, or go back to none; the host re-plans. */
  | { type: 'calibrationSplit'; action: 'browse' | 'clear' };

/** What the mix-preview panel asks the engine for; changing one re-requests the grid. */
export interface MixChoices {
  method: MixMethod;
  lambda: MixLambda;
  pairing: MixPairing;
  /** Cutout's side L in pixels. */
  cutoutSide: number;
  puzzle: PuzzleMixSettings;
  seed: number;
}

/** CutMix on six random pairs, λ ~ Beta(1, 1): the paper's own setting; Cutout's side 16 px as DeVries & Taylor on CIFAR-10. */
export const DEFAULT_MIX_CHOICES: MixChoices = {
  method: 'cutmix', lambda: { kind: 'beta', concentration: 1 }, pairing: { kind: 'random', count: 6 }, cutoutSide: 16, puzzle: DEFAULT_PUZZLE_SETTINGS, seed: 0,
};

/** What the mix-preview panel keeps with vscode.setState so it survives hiding and window reloads; `recordFile` is the shown run's record. */
export interface MixPanelState { modelPaths: string[]; data: string; choices: MixChoices; recordFile: string | null }

/** One labelled dataset image the pair pickers list. */
export interface MixDatasetImage { id: string; label: number }

export type MixHostMessage =
  | { type: 'setup'; models: LocalisedModel[]; data: string; images: MixDatasetImage[]; choices: MixChoices; backend: BackendInfo }
  | { type: 'results'; record: RunRecord<MixResults>; recordFile: string; snippets: { pytorch: string; tfdata: string } }
  | PanelStatusMessage;

export type MixWebviewMessage =
  | { type: 'ready' }
  | { type: 'run'; choices: MixChoices }
  | { type: 'cancel' }
  | { type: 'exportPng' }
  | { type: 'copySnippet'; framework: 'pytorch' | 'tfdata' };
