// What the overview panel shows, and how each host message changes it.
import type { BackendInfo } from '../../src/protocol/backend';
import type { OverviewHostMessage, OverviewPanelState } from '../../src/protocol/panels';
import type { RunRecord } from '../../src/protocol/records';
import type { LoadedModel, PredictResults } from '../../src/protocol/rpc';

import type { RunProgress } from '../shared/runProgress';

export type { RunProgress };

export interface OverviewView {
  model: LoadedModel | null;
  backend: BackendInfo | null;
  record: RunRecord<PredictResults> | null;
  busy: boolean;
  progress: RunProgress | null;
  error: string | null;
}

export const emptyView: OverviewView = { model: null, backend: null, record: null, busy: false, progress: null, error: null };

export function applyHostMessage(view: OverviewView, message: OverviewHostMessage): OverviewView {
  switch (message.type) {
    case 'model': {
      const sameModel = view.model !== null && view.model.inspection.path === message.model.inspection.path;
      return { ...view, model: message.model, backend: message.backend, record: sameModel ? view.record : null };
    }
    case 'predictions':
      return { ...view, record: message.record, error: null };
    case 'progress':
      return { ...view, progress: { done: message.done, total: message.total, message: message.message } };
    case 'busy':
      return { ...view, busy: message.busy, progress: message.busy ? view.progress : null };
    case 'error':
      return { ...view, error: message.message };
  }
}

const hostMessageTypes: ReadonlySet<string> = new Set<OverviewHostMessage['type']>(['model', 'predictions', 'progress', 'busy', 'error']);

/** Messages come from our own host; this only drops what is not one of ours (other extensions' or the page's). */
export function isOverviewHostMessage(data: unknown): data is OverviewHostMessage {
  return typeof data === 'object' && data !== null && 'type' in data && typeof data.type === 'string' && hostMessageTypes.has(data.type);
}

export function isOverviewPanelState(value: unknown): value is OverviewPanelState {
  return typeof value === 'object' && value !== null && 'modelPath' in value && typeof value.modelPath === 'string';
}
