// How every panel runs an action the user asked for: a failure is shown in the panel and, unless the user
// cancelled it, as an error notification too.
import * as vscode from 'vscode';
import { EngineUserError } from '../engineClient';

export interface PanelActionOptions {
  /** When true, a cancelled action shows nothing at all (the panel already shows it stopped). */
  silentOnCancel?: boolean;
}

export async function runPanelAction(action: () => Thenable<void> | Promise<void>, postError: (message: string) => void, options: PanelActionOptions = {}): Promise<void> {
  try {
    await action();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const cancelled = err instanceof EngineUserError && err.cancelled;
    if (cancelled && options.silentOnCancel) return;
    postError(message);
    if (!cancelled) void vscode.window.showErrorMessage(`Robustness Lens: ${message}`);
  }
}
