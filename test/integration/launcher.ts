// Asks the offline launcher (scripts/run-integration.js) to act on the workbench as a user would, and keeps what a
// test needs across the window reloads it asks for. Under the desktop launcher there is no channel, and every request answers null.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type LauncherRequest =
  | { action: 'screenshot'; name: string; waitFor?: string }
  | { action: 'webviewText'; selector: string; timeoutMs?: number }
  | { action: 'clickInWebview'; selector: string; key?: string }
  | { action: 'scrollInWebview'; selector: string }
  | { action: 'setInWebview'; selector: string; value: string }
  | { action: 'explorerContextMenu'; file: string; item: string }
  /** Reload the window once this run of the tests ends; the reloaded window runs the suite that asked again. */
  | { action: 'reloadWhenDone' }
  /** Sent by the runner (index.ts) when the run ends: the launcher answers whether it now reloads the window. */
  | { action: 'runEnded' };

export interface LauncherResponse { ok: boolean; error?: string; text?: string; file?: string; reloading?: boolean }

let counter = 0;
/** Every test file bundles its own copy of this module, so request names carry a per-copy tag to stay unique. */
const bundleTag = Math.random().toString(36).slice(2, 10);

export function hasLauncher(): boolean {
  return Boolean(process.env.VSCODE_IT_CHANNEL);
}

/** How many times the launcher has reloaded the window so far (0 without a launcher). */
export function windowReloads(): number {
  const channel = process.env.VSCODE_IT_CHANNEL;
  const file = channel && path.join(channel, 'window-reloads');
  return file && fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8')) : 0;
}

/** Keeps `value` for the tests that run after the next window reload (the extension host, and all it held, ends with the reload). */
export function carryAcrossReload(name: string, value: unknown): void {
  const channel = process.env.VSCODE_IT_CHANNEL;
  if (channel) fs.writeFileSync(path.join(channel, `carried-${name}.json`), JSON.stringify(value));
}

/** What a test before the reload kept under `name`. */
export function carriedAcrossReload<T>(name: string): T {
  const channel = process.env.VSCODE_IT_CHANNEL;
  if (!channel) throw new Error('nothing is carried across reloads without the launcher');
  return JSON.parse(fs.readFileSync(path.join(channel, `carried-${name}.json`), 'utf8')) as T;
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

/** The text of the first webview element matching `selector`, once it includes every one of `expected`. */
export async function webviewTextIncluding(selector: string, expected: readonly string[]): Promise<string> {
  return until(`${selector} to show ${expected.join(', ')}`, async () => {
    const text = (await askLauncher({ action: 'webviewText', selector }))?.text ?? '';
    return expected.every((e) => text.includes(e)) ? text : null;
  });
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
