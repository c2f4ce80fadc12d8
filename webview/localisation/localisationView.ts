// What the localisation panel shows, how each host message changes it, and the threshold it draws boxes at.
import type { BackendInfo } from '../../src/protocol/backend';
import { colorMapNames, type LocalisationChoices, type LocalisationDisplay, type LocalisationHostMessage, type LocalisationPanelState, type LocalisedModel, type PanelCamResults } from '../../src/protocol/panels';
import type { RunRecord } from '../../src/protocol/records';

import type { RunProgress } from '../shared/runProgress';

export type { RunProgress };

/** Which images the grid lists. */
export type ImageFilter = 'all' | 'disagree' | 'missed';

export interface LocalisationView {
  models: LocalisedModel[] | null;
  data: string | null;
  backend: BackendInfo | null;
  choices: LocalisationChoices;
  records: RunRecord<PanelCamResults>[] | null;
  busy: boolean;
  progress: RunProgress | null;
  error: string | null;
  display: LocalisationDisplay;
  filter: ImageFilter;
  /** How many images of the filtered list the grid shows. */
  shownImages: number;
}

export const IMAGES_PER_PAGE = 12;

export const defaultDisplay: LocalisationDisplay = { colorMap: 'jet', opacity: 0.5, thresholdIndex: null };

export function emptyView(display: LocalisationDisplay, choices: LocalisationChoices): LocalisationView {
  return { models: null, data: null, backend: null, choices, records: null, busy: false, progress: null, error: null, display, filter: 'all', shownImages: IMAGES_PER_PAGE };
}

export function applyHostMessage(view: LocalisationView, message: LocalisationHostMessage): LocalisationView {
  switch (message.type) {
    case 'setup': {
      const sameTarget = view.data === message.data && JSON.stringify(view.models) === JSON.stringify(message.models);
      return { ...view, models: message.models, data: message.data, choices: message.choices, backend: message.backend, records: sameTarget ? view.records : null };
    }
    case 'results':
      return { ...view, records: message.records, error: null, shownImages: IMAGES_PER_PAGE };
    case 'pixels':
      return view; // kept by main.ts's PixelStore, outside the view
    case 'progress':
      return { ...view, progress: { done: message.done, total: message.total, message: message.message } };
    case 'busy':
      return { ...view, busy: message.busy, progress: message.busy ? view.progress : null };
    case 'error':
      return { ...view, error: message.message };
  }
}

/** The τ index the boxes are drawn at: the one the user chose, else where the first model's MaxBoxAcc peaks. */
export function shownThresholdIndex(view: LocalisationView): number | null {
  const first = view.records?.[0]?.results;
  if (!first) return null;
  const chosen = view.display.thresholdIndex;
  if (chosen !== null && chosen < first.thresholds.length) return chosen;
  return first.thresholds.indexOf(first.maxBoxAcc.bestThreshold);
}

/** The index of τ in a run's own threshold grid (runs opened from different records may use different steps). */
export function thresholdIndexIn(results: PanelCamResults, threshold: number): number {
  const step = results.settings.thresholdStep;
  return Math.min(results.thresholds.length - 1, Math.max(0, Math.round(threshold / step)));
}

const hostMessageTypes: ReadonlySet<string> = new Set<LocalisationHostMessage['type']>(['setup', 'results', 'pixels', 'progress', 'busy', 'error']);

/** Messages come from our own host; this only drops what is not one of ours (other extensions' or the page's). */
export function isLocalisationHostMessage(data: unknown): data is LocalisationHostMessage {
  return typeof data === 'object' && data !== null && 'type' in data && typeof data.type === 'string' && hostMessageTypes.has(data.type);
}

export function isLocalisationPanelState(value: unknown): value is LocalisationPanelState {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Partial<LocalisationPanelState>;
  return Array.isArray(state.modelPaths) && typeof state.data === 'string' && typeof state.choices === 'object' && state.choices !== null
    && typeof state.display === 'object' && state.display !== null && (colorMapNames as readonly string[]).includes(state.display.colorMap);
}
