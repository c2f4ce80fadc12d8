// The status-bar item showing the engine's backend and device; a click shows the details.
import * as vscode from 'vscode';
import type { BackendInfo } from '../protocol/backend';
import type { EngineClient } from './engineClient';

export const SHOW_ENGINE_DETAILS = 'robustnessLens.showEngineDetails';

export function createBackendStatusItem(engine: EngineClient): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('robustnessLens.backend', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Robustness Lens backend';
  item.command = SHOW_ENGINE_DETAILS;
  const show = (info: BackendInfo | null) => {
    if (info) {
      item.text = `$(${info.device === 'GPU' ? 'rocket' : 'pulse'}) ${info.label}`;
      item.tooltip = new vscode.MarkdownString(`**Robustness Lens engine**\n\n${info.log.map((l) => `- ${l}`).join('\n')}\n\nClick for details.`);
    } else {
      item.text = '$(circle-outline) Robustness Lens';
      item.tooltip = 'The analysis engine starts on first use. Click for details.';
    }
  };
  show(null);
  item.show();
  const subscription = engine.onDidChangeBackend(show);
  return vscode.Disposable.from(item, subscription);
}

export function engineDetailsText(info: BackendInfo, pid: number | undefined, restarts: number): string {
  return [
    `Backend: ${info.name} on ${info.device}${info.deviceName ? ` (${info.deviceName})` : ''}`,
    `TensorFlow.js ${info.tfjsVersion}, ${info.threads} thread(s), engine pid ${pid ?? '—'}, restarts ${restarts}`,
    ...info.log,
  ].join('\n');
}
