// Messages between the extension host and the webview panels. Each panel kind has its own union.
import type { BackendInfo } from './backend';
import type { PreprocessingProfile } from './model';
import type { RunRecord } from './records';
import type { LoadedModel, PredictResults } from './rpc';

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
