// What the sweep panel shows and how each host message changes it.
import type { BackendInfo } from '../../src/protocol/backend';
import type { SweepGalleryFilter, SweepHostMessage, SweepPanelModel, SweepPanelState } from '../../src/protocol/panels';
import type { RunRecord } from '../../src/protocol/records';
import type { SweepPlan, SweepResults } from '../../src/protocol/sweep';

import type { RunProgress } from '../shared/runProgress';

export type { RunProgress };

export interface SweepView {
  models: SweepPanelModel[] | null;
  data: string | null;
  backend: BackendInfo | null;
  plan: SweepPlan | null;
  record: RunRecord<SweepResults> | null;
  recordFile: string | null;
  busy: boolean;
  progress: RunProgress | null;
  error: string | null;
  /** The corruption whose error-against-severity chart is shown; null for the first. */
  corruption: string | null;
  galleryFilter: SweepGalleryFilter;
}

export function emptyView(saved: SweepPanelState | undefined): SweepView {
  return {
    models: null, data: null, backend: null, plan: null, record: null, recordFile: null, busy: false, progress: null, error: null,
    corruption: saved?.corruption ?? null, galleryFilter: saved?.galleryFilter ?? 'all',
  };
}

export function applyHostMessage(view: SweepView, message: SweepHostMessage): SweepView {
  switch (message.type) {
    case 'setup': return { ...view, models: message.models, data: message.data, backend: message.backend };
    case 'plan': return { ...view, plan: message.plan, record: null, recordFile: null };
    case 'results': return { ...view, record: message.record, recordFile: message.recordFile, error: null };
    case 'progress': return { ...view, progress: { done: message.done, total: message.total, message: message.message } };
    case 'busy': return { ...view, busy: message.busy, progress: message.busy ? view.progress : null };
    case 'error': return { ...view, error: message.message };
  }
}

const hostMessageTypes: ReadonlySet<string> = new Set<SweepHostMessage['type']>(['setup', 'plan', 'results', 'progress', 'busy', 'error']);

/** Messages come from our own host; this only drops what is not one of ours (other extensions' or the page's). */
export function isSweepHostMessage(data: unknown): data is SweepHostMessage {
  return typeof data === 'object' && data !== null && 'type' in data && typeof data.type === 'string' && hostMessageTypes.has(data.type);
}

export function isSweepPanelState(value: unknown): value is SweepPanelState {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Partial<SweepPanelState>;
  return typeof state.recordFile === 'string' && (state.corruption === null || typeof state.corruption === 'string')
    && (state.galleryFilter === 'all' || state.galleryFilter === 'flipped');
}
