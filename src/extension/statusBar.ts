// The status-bar item showing the engine's backend and device; a click shows the details.
import * as vscode from 'vscode';
import { dawnBackendNames, type BackendInfo, type WebGpuAdapter } from '../protocol/backend';
import type { EngineClient } from './engineClient';

export const SHOW_ENGINE_DETAILS = 'robustnessLens.showEngineDetails';

/** What the webgpu backend computes on, in two lines: the adapter, then how Dawn reaches it. */
function adapterLines(adapter: WebGpuAdapter): string[] {
  const kind = adapter.type === 'cpu' ? 'software rasteriser on the CPU (slower than wasm)' : `${adapter.type} GPU`;
  const maker = [adapter.vendor, adapter.architecture].filter(Boolean).join(' ');
  return [
    `Adapter: ${adapter.device || '(unnamed)'}${maker ? `, ${maker}` : ''}: ${kind}`,
    `Dawn on ${dawnBackendNames[adapter.dawnBackend]}, ${adapter.featureLevel} feature level; ${adapter.description}`,
  ];
}

export function createBackendStatusItem(engine: EngineClient): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('robustnessLens.backend', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Robustness Lens backend';
  item.command = SHOW_ENGINE_DETAILS;
  const show = (info: BackendInfo | null) => {
    if (info) {
      item.text = `$(${info.device === 'GPU' ? 'rocket' : 'pulse'}) ${info.label}`;
      const adapter = info.adapter ? `${adapterLines(info.adapter).join('\n\n')}\n\n` : '';
      item.tooltip = new vscode.MarkdownString(`**Robustness Lens engine**\n\n${adapter}${info.log.map((l) => `- ${l}`).join('\n')}\n\nClick for details.`);
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
    ...(info.adapter ? adapterLines(info.adapter) : []),
    `TensorFlow.js ${info.tfjsVersion}, ${info.threads} thread(s), engine pid ${pid ?? '—'}, restarts ${restarts}`,
    ...info.log,
  ].join('\n');
}
