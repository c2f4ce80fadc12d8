// What the sweep panel shows and how each host message changes it.
import type { BackendInfo } from '../../src/protocol/backend';
import { sweepHostMessageSchema, type SweepGalleryFilter, type SweepHostMessage, type SweepPanelModel, type SweepPanelState } from '../../src/protocol/messages/sweep';
import type { RunRecord } from '../../src/protocol/records';
import type { SweepPlan, SweepResults } from '../../src/protocol/sweep';
import type { OodScoreChoice } from '../../src/present/calibrationFigures';
import { applyStatusMessage, idleStatus, type PanelStatus } from '../shared/panelStatus';
import { hostMessageParser } from '../shared/schemaParser';

export interface SweepView extends PanelStatus {
  models: SweepPanelModel[] | null;
  data: string | null;
  backend: BackendInfo | null;
  plan: SweepPlan | null;
  record: RunRecord<SweepResults> | null;
  recordFile: string | null;
  /** The corruption whose error-against-severity chart is shown; null for the first. */
  corruption: string | null;
  galleryFilter: SweepGalleryFilter;
  /** The OOD score the calibration section shows (definitions.md §5). */
  oodScore: OodScoreChoice;
}

export function emptyView(saved: SweepPanelState | undefined): SweepView {
  return {
    ...idleStatus, models: null, data: null, backend: null, plan: null, record: null, recordFile: null,
    corruption: saved?.corruption ?? null, galleryFilter: saved?.galleryFilter ?? 'all', oodScore: 'msp',
  };
}

export function applyHostMessage(view: SweepView, message: SweepHostMessage): SweepView {
  switch (message.type) {
    case 'setup': return { ...view, models: message.models, data: message.data, backend: message.backend };
    case 'plan': return { ...view, plan: message.plan, record: null, recordFile: null };
    case 'results': return { ...view, record: message.record, recordFile: message.recordFile, error: null };
    default: return applyStatusMessage(view, message);
  }
}

export const parseSweepHostMessage = hostMessageParser(sweepHostMessageSchema);

