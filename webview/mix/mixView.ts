// What the mix-preview panel shows, and how each host message changes it.
import type { BackendInfo } from '../../src/protocol/backend';
import { mixMethods, type MixResults } from '../../src/protocol/mix';
import type { LocalisedModel, MixChoices, MixDatasetImage, MixHostMessage, MixPanelState } from '../../src/protocol/panels';
import type { RunRecord } from '../../src/protocol/records';

import type { RunProgress } from '../shared/runProgress';

export type { RunProgress };

export interface MixSnippets { pytorch: string; tfdata: string }

export interface MixView {
  models: LocalisedModel[] | null;
  data: string | null;
  images: MixDatasetImage[];
  backend: BackendInfo | null;
  choices: MixChoices;
  record: RunRecord<MixResults> | null;
  snippets: MixSnippets | null;
  busy: boolean;
  progress: RunProgress | null;
  error: string | null;
}

export function emptyView(choices: MixChoices): MixView {
  return { models: null, data: null, images: [], backend: null, choices, record: null, snippets: null, busy: false, progress: null, error: null };
}

export function applyHostMessage(view: MixView, message: MixHostMessage): MixView {
  switch (message.type) {
    case 'setup': {
      const sameTarget = view.data === message.data && JSON.stringify(view.models) === JSON.stringify(message.models);
      return { ...view, models: message.models, data: message.data, images: message.images, choices: message.choices, backend: message.backend, record: sameTarget ? view.record : null };
    }
    case 'results':
      return { ...view, record: message.record, snippets: message.snippets, error: null };
    case 'progress':
      return { ...view, progress: { done: message.done, total: message.total, message: message.message } };
    case 'busy':
      return { ...view, busy: message.busy, progress: message.busy ? view.progress : null };
    case 'error':
      return { ...view, error: message.message };
  }
}

const hostMessageTypes: ReadonlySet<string> = new Set<MixHostMessage['type']>(['setup', 'results', 'progress', 'busy', 'error']);

/** Messages come from our own host; this only drops what is not one of ours. */
export function isMixHostMessage(data: unknown): data is MixHostMessage {
  return typeof data === 'object' && data !== null && 'type' in data && typeof data.type === 'string' && hostMessageTypes.has(data.type);
}

export function isMixPanelState(value: unknown): value is MixPanelState {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Partial<MixPanelState>;
  return Array.isArray(state.modelPaths) && typeof state.data === 'string' && typeof state.choices === 'object' && state.choices !== null
    && (mixMethods as readonly string[]).includes(state.choices.method);
}
