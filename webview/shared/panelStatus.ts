// What every panel's webview shows of the host's work (busy, progress), the last error and the last notice, and how the
// host's status messages change it.
import type { PanelStatusMessage } from '../../src/protocol/messages/status';
import type { Progress } from '../../src/protocol/progress';

export interface PanelStatus {
  busy: boolean;
  progress: Progress | null;
  error: string | null;
  notice: string | null;
}

export const idleStatus: PanelStatus = { busy: false, progress: null, error: null, notice: null };

export function applyStatusMessage<View extends PanelStatus>(view: View, message: PanelStatusMessage): View {
  switch (message.type) {
    case 'progress': return { ...view, progress: { done: message.done, total: message.total, message: message.message } };
    case 'busy': return { ...view, busy: message.busy, progress: message.busy ? view.progress : null };
    case 'error': return { ...view, error: message.message };
    case 'notice': return { ...view, notice: message.message };
  }
}
