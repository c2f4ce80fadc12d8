// Paths that arrive from a webview are untrusted: only files inside the workspace or the extension's own samples pass.
import * as path from 'node:path';
import * as vscode from 'vscode';

export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(path.resolve(parent), path.resolve(child));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

export function allowedRoots(extensionPath: string): string[] {
  return [...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath), path.join(extensionPath, 'samples')];
}

/** Returns the resolved path when it lies inside an allowed root, else throws with a message for the user. */
export function checkedPath(candidate: string, extensionPath: string): string {
  const resolved = path.resolve(candidate);
  if (allowedRoots(extensionPath).some((root) => isInside(resolved, root))) return resolved;
  throw new Error(`Refused ${candidate}: panels may only open files inside the workspace.`);
}
