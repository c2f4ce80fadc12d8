// What the sweep panel sweeps, and the targets a saved sweep run (the runs view) or its webview's saved state (a window reload) reopen.
import { type SweepAnalyses, sweepPanelStateSchema } from '../../protocol/messages/sweep';
import type { ImageNetBenchmark, SweepResults } from '../../protocol/sweep';
import { reopenSavedRuns, type SavedRun, type StatePaths } from './savedRun';
import { stateParser } from './panelMessages';

/** What the panel sweeps, or the saved run it shows instead of computing. */
export interface SweepTarget {
  modelPaths: string[];
  data: string;
  /** The clean images of a released corruption set given as `data`; null otherwise. */
  clean: string | null;
  /** The ImageNet benchmark `data` (or `clean`) is read as; null: recognised from its folder names, if at all. */
  dataset: ImageNetBenchmark | null;
  /** A model path, 'alexnet', or null for the engine's default. */
  baseline: string | null;
  analyses: SweepAnalyses;
  run: SavedRun<SweepResults> | null;
}

/** The target that shows a saved sweep run. */
export function targetOfSweepRun(run: SavedRun<SweepResults>): SweepTarget {
  const { settings, models } = run.record.results;
  return {
    modelPaths: models.map((m) => m.modelId), data: settings.data, clean: null, dataset: null, baseline: settings.baseline,
    analyses: { corruptions: settings.corruptions, severities: settings.severities, fgsmEpsilons: settings.fgsmEpsilons, occlusion: settings.occlusion, oodFolder: null, limit: null },
    run,
  };
}

/** The saved run a restored panel's state names; null when it cannot be reopened (a sweep is not re-run unasked). */
export async function sweepTargetOfState(raw: unknown, paths: StatePaths): Promise<SweepTarget | null> {
  const state = stateParser(sweepPanelStateSchema)(raw);
  const reopened = state ? await reopenSavedRuns<SweepResults>([state.recordFile], 'sweep', paths) : null;
  return reopened === null || 'unusable' in reopened ? null : targetOfSweepRun(reopened[0]);
}
