// What the overview panel shows, and the target its webview's saved state reopens after a window reload.
import { overviewPanelStateSchema } from '../../protocol/messages/overview';
import type { PredictResults } from '../../protocol/predict';
import { reopenSavedRuns, type SavedRun, type StatePaths } from './savedRun';
import { stateParser } from './panelMessages';

export interface OverviewTarget {
  modelPath: string;
  /** Saved predictions to show with the model. */
  run: SavedRun<PredictResults> | null;
  /** Shown in the panel until the user predicts again: why it lacks what it showed before. */
  notice: string | null;
}

/** The target a restored panel's state names, with its saved predictions when they can be reopened; null when the state is unusable. */
export async function overviewTargetOfState(raw: unknown, paths: StatePaths): Promise<OverviewTarget | null> {
  const state = stateParser(overviewPanelStateSchema)(raw);
  const modelPath = state ? paths.file(state.modelPath) : null;
  if (!state || !modelPath) return null;
  if (state.recordFile === null) return { modelPath, run: null, notice: null };
  const reopened = await reopenSavedRuns<PredictResults>([state.recordFile], 'predict', paths);
  return 'unusable' in reopened
    ? { modelPath, run: null, notice: `${reopened.unusable}: its predictions cannot be shown again.` }
    : { modelPath, run: reopened[0], notice: null };
}
