// What the overview panel shows, and how each host message changes it.
import type { BackendInfo } from '../../src/protocol/backend';
import { overviewHostMessageSchema, type OverviewHostMessage, type OverviewPanelState } from '../../src/protocol/messages/overview';
import type { RunRecord } from '../../src/protocol/records';
import type { LoadedModel } from '../../src/protocol/engine';
import type { PredictResults } from '../../src/protocol/predict';
import { applyStatusMessage, idleStatus, type PanelStatus } from '../shared/panelStatus';
import { hostMessageParser } from '../shared/schemaParser';

export interface OverviewView extends PanelStatus {
  model: LoadedModel | null;
  backend: BackendInfo | null;
  record: RunRecord<PredictResults> | null;
  /** Where the shown predictions are saved: kept with setState so that a window reload reopens them. */
  recordFile: string | null;
}

export const emptyView: OverviewView = { ...idleStatus, model: null, backend: null, record: null, recordFile: null };

export function applyHostMessage(view: OverviewView, message: OverviewHostMessage): OverviewView {
  switch (message.type) {
    case 'model': {
      const sameModel = view.model !== null && view.model.inspection.path === message.model.inspection.path;
      return { ...view, model: message.model, backend: message.backend, record: sameModel ? view.record : null, recordFile: sameModel ? view.recordFile : null };
    }
    case 'predictions':
      return { ...view, record: message.record, recordFile: message.recordFile, error: null };
    default:
      return applyStatusMessage(view, message);
  }
}

/** What the panel keeps with setState; null until the model is loaded. */
export function panelStateOf(view: OverviewView): OverviewPanelState | null {
  return view.model === null ? null : { modelPath: view.model.inspection.path, recordFile: view.recordFile };
}

export const parseOverviewHostMessage = hostMessageParser(overviewHostMessageSchema);

