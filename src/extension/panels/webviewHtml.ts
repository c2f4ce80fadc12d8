// The HTML shell of every panel: nonce CSP, no remote content, only the extension's own scripts and styles.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export interface WebviewApp { script: string; title: string }

/** Folders a panel may load from: the built webview bundles and the shared media. */
export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'out', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
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

/** A new panel in the active column, with scripts on and resources limited to webviewRoots. */
export function createPanel(context: vscode.ExtensionContext, viewType: string, title: string): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(viewType, title, vscode.ViewColumn.Active, {
    enableScripts: true, retainContextWhenHidden: false, localResourceRoots: webviewRoots(context.extensionUri),
  });
}

/** The same options on a panel VS Code restored after a reload. */
export function restorePanelOptions(context: vscode.ExtensionContext, panel: vscode.WebviewPanel): void {
  panel.webview.options = { enableScripts: true, localResourceRoots: webviewRoots(context.extensionUri) };
}

/**
 * Lets the panel's webview load files from `folders` (real paths) besides webviewRoots, and nothing else. VS Code loads
 * the page anew when they change (it then says 'ready' again, and its controller posts what it shows once more).
 */
export function allowResourceFolders(context: vscode.ExtensionContext, panel: vscode.WebviewPanel, folders: readonly string[]): void {
  const roots = [...webviewRoots(context.extensionUri), ...[...new Set(folders)].map((folder) => vscode.Uri.file(folder))];
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
