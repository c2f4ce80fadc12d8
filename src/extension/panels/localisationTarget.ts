// What the localisation panel shows, and the targets a saved run (the runs view) or its webview's saved state (a window reload) reopen.
import { type LocalisationChoices, localisationPanelStateSchema } from '../../protocol/messages/localisation';
import type { RunRecord } from '../../protocol/records';
import type { CamResults } from '../../protocol/cam';
import { allowedModelsAndData, reopenSavedRuns, type SavedRun, type StatePaths } from './savedRun';
import { stateParser } from './panelMessages';

export const DEFAULT_LOCALISATION_CHOICES: LocalisationChoices = { method: 'cam', normalisation: 'minmax', target: 'top1' };

/** What the panel localises: models, dataset, choices, and saved runs to show instead of computing (one per model). */
export interface LocalisationTarget {
  modelPaths: string[];
  data: string;
  choices: LocalisationChoices;
  runs: SavedRun<CamResults>[] | null;
  /** Shown in the panel until the user runs something else: why it computes instead of showing what it showed before. */
  notice: string | null;
}

/** The choices a saved run was computed with. */
export function choicesOfRecord(record: RunRecord<CamResults>): LocalisationChoices {
  const { method, normalisation, target } = record.results.settings;
  return { method, normalisation, target, faithfulness: (record.results.faithfulness ?? null) !== null };
}

/** The target that shows one saved cam run, as the runs view opens it (the caller checked that it has a dataset). */
export function targetOfCamRun(run: SavedRun<CamResults>, data: string): LocalisationTarget {
  return { modelPaths: [run.record.spec.models[0].path], data, choices: choicesOfRecord(run.record), runs: [run], notice: null };
}

/** The target a restored panel's state names: its saved runs when they can be reopened, else its settings to compute again; null when the state is unusable. */
export async function localisationTargetOfState(raw: unknown, paths: StatePaths): Promise<LocalisationTarget | null> {
  const state = stateParser(localisationPanelStateSchema)(raw);
  const allowed = state && allowedModelsAndData(state, paths);
  if (!state || !allowed) return null;
  const target: LocalisationTarget = { ...allowed, choices: state.choices, runs: null, notice: null };
  if (state.recordFiles === null) return target;
  const reopened = await reopenSavedRuns<CamResults>(state.recordFiles, 'cam', paths);
  if ('unusable' in reopened) return { ...target, notice: `${reopened.unusable}: localising again with the panel's settings.` };
  // The protocol's candidates are the panel's, not the record's (which holds the one chosen).
  const candidates = state.choices.candidates === undefined ? {} : { candidates: state.choices.candidates };
  return { ...target, choices: { ...choicesOfRecord(reopened[0].record), ...candidates }, runs: reopened };
}
