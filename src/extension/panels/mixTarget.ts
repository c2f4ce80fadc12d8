// What the mix-preview panel shows, the choices a saved run was mixed with, and the target its webview's saved state reopens after a window reload.
import type { MixResults } from '../../protocol/mix';
import { type MixChoices, mixPanelStateSchema } from '../../protocol/messages/mix';
import type { RunRecord } from '../../protocol/records';
import { allowedModelsAndData, reopenSavedRuns, type SavedRun, type StatePaths } from './savedRun';
import { stateParser } from './panelMessages';

export interface MixTarget {
  modelPaths: string[];
  data: string;
  choices: MixChoices;
  /** A saved run to show instead of mixing. */
  run: SavedRun<MixResults> | null;
  /** Shown in the panel until the user runs something else: why it computes instead of showing what it showed before. */
  notice: string | null;
}

/** The choices a saved run was mixed with; what the record leaves out (Cutout's side, Puzzle Mix's settings for other methods) comes from `fallback`. */
export function choicesOfMixRecord(record: RunRecord<MixResults>, fallback: MixChoices): MixChoices {
  const { method, pairing, lambda, cutoutSide, puzzle, seed } = record.results.settings;
  return {
    method, pairing, lambda, seed, cutoutSide: cutoutSide ?? fallback.cutoutSide,
    puzzle: puzzle === null ? fallback.puzzle : {
      grid: puzzle.grid, levels: puzzle.levels, smoothness: puzzle.smoothness, dataSmoothness: puzzle.dataSmoothness, priorWeight: puzzle.priorWeight, transport: puzzle.transport,
    },
  };
}

/** The target a restored panel's state names: its saved run when it can be reopened, else its settings to mix again; null when the state is unusable. */
export async function mixTargetOfState(raw: unknown, paths: StatePaths): Promise<MixTarget | null> {
  const state = stateParser(mixPanelStateSchema)(raw);
  const allowed = state && allowedModelsAndData(state, paths);
  if (!state || !allowed) return null;
  const target: MixTarget = { ...allowed, choices: state.choices, run: null, notice: null };
  if (state.recordFile === null) return target;
  const reopened = await reopenSavedRuns<MixResults>([state.recordFile], 'mix', paths);
  if ('unusable' in reopened) return { ...target, notice: `${reopened.unusable}: mixing again with the panel's settings.` };
  return { ...target, choices: choicesOfMixRecord(reopened[0].record, state.choices), run: reopened[0] };
}
