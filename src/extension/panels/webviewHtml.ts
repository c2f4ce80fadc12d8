// The HTML shell of every panel: nonce CSP, no remote content, only the extension's own scripts and styles.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { isInside, realPathOf } from '../realPaths';
import { runsFolderPath } from '../settings';

export interface WebviewApp { script: string; title: string }

/** Folders a panel may load from: the built webview bundles and the shared media. */
function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'out', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

/**
 * webviewRoots, the runs folder (every run a panel makes is saved there, so showing a new run changes nothing) and the
 * folders of the shown runs saved elsewhere, all by real path: whence a panel loads the images of the runs it shows.
 */
function panelRoots(context: vscode.ExtensionContext, runFolders: readonly string[]): vscode.Uri[] {
  const runs = realPathOf(runsFolderPath(context));
  const elsewhere = [...new Set(runFolders)].filter((folder) => !isInside(folder, runs));
  return [...webviewRoots(context.extensionUri), ...[runs, ...elsewhere].map((folder) => vscode.Uri.file(folder))];
}

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, app: WebviewApp): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...parts)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('out', 'webview', 'codicon.css')}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${asset('media', 'panel.css')}">
<link rel="stylesheet" href="${asset('media', `${app.script}.css`)}">
<title>${app.title.replace(/[<>&"]/g, '')}</title>
</head>
<body>
<div id="app"></div>
<script type="module" nonce="${nonce}" src="${asset('out', 'webview', `${app.script}.js`)}"></script>
</body>
</html>`;
}

/** A new panel in the active column, with scripts on and resources limited to panelRoots. */
export function createPanel(context: vscode.ExtensionContext, viewType: string, title: string): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(viewType, title, vscode.ViewColumn.Active, {
    enableScripts: true, retainContextWhenHidden: false, localResourceRoots: panelRoots(context, []),
  });
}

/** The same options on a panel VS Code restored after a reload. */
export function restorePanelOptions(context: vscode.ExtensionContext, panel: vscode.WebviewPanel): void {
  panel.webview.options = { enableScripts: true, localResourceRoots: panelRoots(context, []) };
}

/**
 * Lets the panel's webview load the images of the runs in `runFolders` (real paths; panelRoots). VS Code loads the page
 * anew when its roots change, for a run saved outside the runs folder (it then says 'ready' again, and its controller
 * posts what it shows once more).
 */
export function allowRunFolders(context: vscode.ExtensionContext, panel: vscode.WebviewPanel, runFolders: readonly string[]): void {
  const roots = panelRoots(context, runFolders);
  const current = (panel.webview.options.localResourceRoots ?? []).map((uri) => uri.toString());
  if (current.length === roots.length && roots.every((uri, i) => uri.toString() === current[i])) return;
  panel.webview.options = { ...panel.webview.options, localResourceRoots: roots };
}

/** Gives `panel` its icon and the HTML of `script`, and routes its messages and disposal to the controller. */
export function attachPanel(
  context: vscode.ExtensionContext, panel: vscode.WebviewPanel, script: string,
  onMessage: (raw: unknown) => void, onDispose: () => void,
): vscode.Disposable[] {
  panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'lens.svg');
  panel.webview.html = webviewHtml(panel.webview, context.extensionUri, { script, title: panel.title });
  return [panel.onDidDispose(onDispose), panel.webview.onDidReceiveMessage(onMessage)];
}
