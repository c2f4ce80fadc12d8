// What the localisation panel shows, how each host message changes it, and the threshold it draws boxes at.
import type { BackendInfo } from '../../src/protocol/backend';
import { localisationHostMessageSchema, type LocalisationChoices, type LocalisationDisplay, type LocalisationHostMessage, type LocalisationPanelState, type LocalisedModel } from '../../src/protocol/messages/localisation';
import type { CamResults } from '../../src/protocol/cam';
import type { RunRecord } from '../../src/protocol/records';
import { applyStatusMessage, idleStatus, type PanelStatus } from '../shared/panelStatus';
import { hostMessageParser } from '../shared/schemaParser';

/** Which images the grid lists. */
export type ImageFilter = 'all' | 'disagree' | 'missed';

export interface LocalisationView extends PanelStatus {
  models: LocalisedModel[] | null;
  data: string | null;
  backend: BackendInfo | null;
  choices: LocalisationChoices;
  records: RunRecord<CamResults>[] | null;
  /** Where the shown runs are saved: kept with setState so that a window reload reopens them. */
  recordFiles: string[] | null;
  display: LocalisationDisplay;
  /** The data has train-fullsup and test splits: the WSOL protocol chooses among LocalisationChoices.candidates. */
  splits: boolean;
  filter: ImageFilter;
  /** How many images of the filtered list the grid shows. */
  shownImages: number;
}

export const IMAGES_PER_PAGE = 12;

export const defaultDisplay: LocalisationDisplay = { colorMap: 'jet', opacity: 0.5, thresholdIndex: null };

export function emptyView(display: LocalisationDisplay, choices: LocalisationChoices): LocalisationView {
  return { ...idleStatus, models: null, data: null, backend: null, choices, records: null, recordFiles: null, display, splits: false, filter: 'all', shownImages: IMAGES_PER_PAGE };
}

export function applyHostMessage(view: LocalisationView, message: LocalisationHostMessage): LocalisationView {
  switch (message.type) {
    case 'setup': {
      const sameTarget = view.data === message.data && JSON.stringify(view.models) === JSON.stringify(message.models);
      return {
        ...view, models: message.models, data: message.data, choices: message.choices, backend: message.backend, splits: message.splits,
        records: sameTarget ? view.records : null, recordFiles: sameTarget ? view.recordFiles : null,
      };
    }
    case 'results':
      return { ...view, records: message.records, recordFiles: message.recordFiles, error: null, shownImages: IMAGES_PER_PAGE };
    default:
      return applyStatusMessage(view, message);
  }
}

/** What the panel keeps with setState; null until the host said what it shows. */
export function panelStateOf(view: LocalisationView): LocalisationPanelState | null {
  if (view.models === null || view.data === null) return null;
  return { modelPaths: view.models.map((m) => m.path), data: view.data, choices: view.choices, display: view.display, recordFiles: view.recordFiles };
}

/** The τ index the boxes are drawn at: the one the user chose, else where the first model's MaxBoxAcc peaks (without box metrics: the run's own τ). */
export function shownThresholdIndex(view: LocalisationView): number | null {
  const first = view.records?.[0]?.results;
  if (!first) return null;
  const chosen = view.display.thresholdIndex;
  if (chosen !== null && chosen < first.thresholds.length) return chosen;
  return first.thresholds.indexOf(first.maxBoxAcc?.bestThreshold ?? first.boxThreshold);
}

/** The index of τ in a run's own threshold grid (runs opened from different records may use different steps). */
export function thresholdIndexIn(results: CamResults, threshold: number): number {
  const step = results.settings.thresholdStep;
  return Math.min(results.thresholds.length - 1, Math.max(0, Math.round(threshold / step)));
}

export const parseLocalisationHostMessage = hostMessageParser(localisationHostMessageSchema);

