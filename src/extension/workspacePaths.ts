// Paths that arrive from a webview (its saved state included) are untrusted: only files inside the workspace,
// the extension's own samples, or models the user opened themselves pass; run records also from the runs folder.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RECORD_FILE } from '../engine/runs/store';

export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(path.resolve(parent), path.resolve(child));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The resolved path when it is allowed, else null. */
export function allowedPath(candidate: string, extensionPath: string, openedByUser: readonly string[]): string | null {
  const resolved = path.resolve(candidate);
  const roots = [...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath), path.join(extensionPath, 'samples')];
  return roots.some((root) => isInside(resolved, root)) || openedByUser.includes(resolved) ? resolved : null;
}

/** A run record's path when it is a record file inside the runs folder or where allowedPath allows, else null. */
export function allowedRecordFile(candidate: string, extensionPath: string, openedByUser: readonly string[], runsFolder: string): string | null {
  const resolved = path.resolve(candidate);
  if (path.basename(resolved) !== RECORD_FILE) return null;
  return isInside(resolved, runsFolder) ? resolved : allowedPath(resolved, extensionPath, openedByUser);
}
