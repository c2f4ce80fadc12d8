// What every panel's webview shows of the host's work (busy, progress), the last error and the last notice, how the
// host's status messages change it, and the check that a message is one of a panel's own.
import type { PanelStatusMessage } from '../../src/protocol/panels';
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

const statusMessageTypes: readonly PanelStatusMessage['type'][] = ['progress', 'busy', 'error', 'notice'];

/** Whether data is one of a panel's host messages (its own types and the status ones). Messages come from our own host;
 * this only drops what is not one of ours (other extensions' or the page's). */
export function hostMessageGuard<Message extends { type: string }>(ownTypes: readonly Exclude<Message['type'], PanelStatusMessage['type']>[]): (data: unknown) => data is Message {
  const types: ReadonlySet<string> = new Set<string>([...ownTypes, ...statusMessageTypes]);
  return (data): data is Message => typeof data === 'object' && data !== null && 'type' in data && typeof data.type === 'string' && types.has(data.type);
}
