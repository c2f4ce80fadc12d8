// Asks the offline launcher (scripts/run-integration.js) to act on the workbench as a user would.
// Under the desktop launcher there is no channel, and every request answers null.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type LauncherRequest =
  | { action: 'screenshot'; name: string; waitFor?: string }
  | { action: 'webviewText'; selector: string; timeoutMs?: number }
  | { action: 'clickInWebview'; selector: string; key?: string }
  | { action: 'scrollInWebview'; selector: string }
  | { action: 'setInWebview'; selector: string; value: string }
  | { action: 'explorerContextMenu'; file: string; item: string };

export interface LauncherResponse { ok: boolean; error?: string; text?: string; file?: string }

let counter = 0;
/** Every test file bundles its own copy of this module, so request names carry a per-copy tag to stay unique. */
const bundleTag = Math.random().toString(36).slice(2, 10);

export function hasLauncher(): boolean {
  return Boolean(process.env.VSCODE_IT_CHANNEL);
}

export async function askLauncher(request: LauncherRequest, timeoutMs = 60000): Promise<LauncherResponse | null> {
  const channel = process.env.VSCODE_IT_CHANNEL;
  if (!channel) return null;
  const name = `request-${String(++counter).padStart(4, '0')}-${bundleTag}`;
  fs.writeFileSync(path.join(channel, `${name}.tmp`), JSON.stringify(request));
  fs.renameSync(path.join(channel, `${name}.tmp`), path.join(channel, name));
  const responseFile = path.join(channel, name.replace('request-', 'response-'));
  const end = Date.now() + timeoutMs;
  while (!fs.existsSync(responseFile)) {
    if (Date.now() > end) throw new Error(`the launcher did not answer ${request.action} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const response = JSON.parse(fs.readFileSync(responseFile, 'utf8')) as LauncherResponse;
  fs.rmSync(responseFile);
  if (!response.ok) throw new Error(`launcher ${request.action} failed: ${response.error}`);
  return response;
}

export async function until<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 30000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
