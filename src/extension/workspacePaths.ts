// Paths that arrive from a webview (its saved state included) or a run record are untrusted: only files inside the
// workspace, the extension's own samples, or models the user opened themselves pass, compared by real path (realPaths.ts);
// run records also from the runs folder.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RECORD_FILE } from '../engine/runs/store';
import { allowedAmong, isReallyInside } from './realPaths';

/** The workspace folders and the extension's samples: where files may be read without asking. */
function trustedRoots(extensionPath: string): string[] {
  return [...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath), path.join(extensionPath, 'samples')];
}

/** The resolved path when it is allowed, else null. */
export function allowedPath(candidate: string, extensionPath: string, openedByUser: readonly string[]): string | null {
  return allowedAmong(candidate, trustedRoots(extensionPath), openedByUser);
}

/** A run record's path when it is a record file inside the runs folder or where allowedPath allows, else null. */
export function allowedRecordFile(candidate: string, extensionPath: string, openedByUser: readonly string[], runsFolder: string): string | null {
  const resolved = path.resolve(candidate);
  if (path.basename(resolved) !== RECORD_FILE) return null;
  return isReallyInside(resolved, runsFolder) ? resolved : allowedPath(resolved, extensionPath, openedByUser);
}
