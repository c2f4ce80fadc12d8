// What the mix-preview panel shows, and how each host message changes it.
import type { BackendInfo } from '../../src/protocol/backend';
import type { MixResults } from '../../src/protocol/mix';
import type { LocalisedModel } from '../../src/protocol/messages/localisation';
import { mixHostMessageSchema, type MixChoices, type MixDatasetImage, type MixHostMessage, type MixPanelState } from '../../src/protocol/messages/mix';
import type { RunRecord } from '../../src/protocol/records';
import { applyStatusMessage, idleStatus, type PanelStatus } from '../shared/panelStatus';
import { hostMessageParser } from '../shared/schemaParser';

export interface MixSnippets { pytorch: string; tfdata: string }

export interface MixView extends PanelStatus {
  models: LocalisedModel[] | null;
  data: string | null;
  images: MixDatasetImage[];
  backend: BackendInfo | null;
  choices: MixChoices;
  record: RunRecord<MixResults> | null;
  /** Where the shown run is saved: kept with setState so that a window reload reopens it. */
  recordFile: string | null;
  snippets: MixSnippets | null;
}

export function emptyView(choices: MixChoices): MixView {
  return { ...idleStatus, models: null, data: null, images: [], backend: null, choices, record: null, recordFile: null, snippets: null };
}

export function applyHostMessage(view: MixView, message: MixHostMessage): MixView {
  switch (message.type) {
    case 'setup': {
      const sameTarget = view.data === message.data && JSON.stringify(view.models) === JSON.stringify(message.models);
      return {
        ...view, models: message.models, data: message.data, images: message.images, choices: message.choices, backend: message.backend,
        record: sameTarget ? view.record : null, recordFile: sameTarget ? view.recordFile : null,
      };
    }
    case 'results':
      return { ...view, record: message.record, recordFile: message.recordFile, snippets: message.snippets, error: null };
    default:
      return applyStatusMessage(view, message);
  }
}

/** What the panel keeps with setState; null until the host said what it shows. */
export function panelStateOf(view: MixView): MixPanelState | null {
  if (view.models === null || view.data === null) return null;
  return { modelPaths: view.models.map((m) => m.path), data: view.data, choices: view.choices, recordFile: view.recordFile };
}

export const parseMixHostMessage = hostMessageParser(mixHostMessageSchema);

