// The extension under test as the integration tests reach it: its API once activated, its folder and its sample models.
import * as assert from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RobustnessLensApi } from '../../src/extension/extension';

export const EXTENSION_ID = 'robustness-lens.robustness-lens';

/** Activates the extension (if it is not yet) and returns its API and folder. */
export async function lensExtension(): Promise<{ lens: RobustnessLensApi; extensionPath: string }> {
  const extension = vscode.extensions.getExtension<RobustnessLensApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return { lens: await extension.activate(), extensionPath: extension.extensionPath };
}

/** The two bundled sample checkpoints, baseline then CutMix. */
export function sampleModels(extensionPath: string): string[] {
  return ['baseline', 'cutmix'].map((name) => path.join(extensionPath, 'samples', 'models', name, 'model.json'));
}
