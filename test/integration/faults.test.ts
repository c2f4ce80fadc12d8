// Faults in a real VS Code: a sweep split over engine worker processes, the engine killed in the middle of one, and an
// out-of-memory abort inside the extension's engine. Each checks what the user sees and that nothing is lost: the request
// fails with a clear message, the engine restarts, the panels and saved runs stay, and the next request works. Requests go
// through the panels: a RequestType built in this test bundle is not one the extension bundle's JSON-RPC recognises.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SweepPanel } from '../../src/extension/panels/sweepPanel';
import { writeWideModel } from '../fixtures/model/wideModel';
import type { SweepAnalyses } from '../../src/protocol/messages/sweep';
import type { RunRecord } from '../../src/protocol/records';
import type { SweepResults } from '../../src/protocol/sweep';
import { askLauncher, hasLauncher, until, webviewTextIncluding } from './launcher';
import { lensExtension, sampleModels } from './lensExtension';

/** Above the default of 32, so the message can only have taken it from the setting. */
const OUT_OF_MEMORY_BATCH = 64;
/** Two batches of the default 32 images, so a sweep has a batch for each of two workers. */
const WORKER_SWEEP: SweepAnalyses = { corruptions: ['contrast'], severities: [1], fgsmEpsilons: [], occlusion: false, oodFolder: null, limit: 40 };
const SWEEP_WORKERS = 2;

function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the launcher opens a workspace folder');
  return folder.uri.fsPath;
}

function runsFolder(): string {
  return path.join(workspaceFolder(), '.robustness-lens', 'runs');
}

function settings(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('robustnessLens');
}

/** Pids of the processes whose parent is `pid`, from Linux's /proc: the engine's sweep workers. */
function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const name of fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may hold spaces and parentheses, so fields are counted after the last ')'.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) === pid && state !== 'Z') children.push(Number(name));
    } catch {
      // The process ended while the folder was read.
    }
  }
  return children;
}

/** Whether `pid` still computes (a zombie waiting to be reaped does not). */
function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Starts the planned sweep as the user does (the Start button), or through the panel where no launcher clicks. */
async function startSweep(panel: SweepPanel): Promise<void> {
  if (hasLauncher()) {
    await webviewTextIncluding('.plan', [String(WORKER_SWEEP.limit), 'forward passes']);
    await askLauncher({ action: 'clickInWebview', selector: '#start-sweep' });
  } else {
    void panel.start();
  }
}

async function sweepRecord(panel: SweepPanel): Promise<RunRecord<SweepResults>> {
  return until('the sweep results', () => (!panel.busy ? panel.shownRecord : null), 240000);
}

/** Sets a robustnessLens setting in the user settings, returning what puts it back as it was. */
async function setForTest(key: string, value: number): Promise<() => Promise<void>> {
  const before = settings().inspect<number>(key)?.globalValue;
  await settings().update(key, value, vscode.ConfigurationTarget.Global);
  return () => Promise.resolve(settings().update(key, before, vscode.ConfigurationTarget.Global));
}

suite('Faults: sweep workers, a killed engine, an out-of-memory abort', () => {
  const wideFolder = (): string => path.join(workspaceFolder(), 'models', 'faults-wide');
  let restoreWorkers: () => Promise<void> = () => Promise.resolve();
  suiteSetup(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    restoreWorkers = await setForTest('sweep.workers', SWEEP_WORKERS);
  });
  suiteTeardown(async () => {
    await restoreWorkers();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(wideFolder(), { recursive: true, force: true });
  });

  test('a sweep run from the panel on worker processes (robustnessLens.sweep.workers) completes, its record saying how many', async () => {
    const { lens, extensionPath } = await lensExtension();
    const models = sampleModels(extensionPath);
    await vscode.commands.executeCommand('robustnessLens.openSweep', { modelPaths: models, analyses: WORKER_SWEEP });
    const panel = await until('the sweep panel', () => lens.sweep());
    await startSweep(panel);
    const record = await sweepRecord(panel);
    assert.strictEqual(record.results.partial, false);
    assert.strictEqual(record.results.imageCount, WORKER_SWEEP.limit);
    assert.strictEqual(record.timings.workers, SWEEP_WORKERS, 'the sweep ran on worker processes');
    assert.deepStrictEqual(record.results.models.map((m) => m.modelId), models);
    assert.ok(fs.existsSync(path.join(runsFolder(), record.id, 'record.json')), 'the run is saved');
    if (hasLauncher()) await askLauncher({ action: 'screenshot', name: 'faults-sweep-workers', waitFor: '.summary-table' });
  });

  test('the engine killed during a sweep: the panel says so, the engine restarts, the panel and saved runs stay, and the sweep runs again', async function () {
    if (!fs.existsSync('/proc')) return this.skip();
    const { lens, extensionPath } = await lensExtension();
    const models = sampleModels(extensionPath);
    const runsBefore = fs.readdirSync(runsFolder()).sort();
    assert.ok(runsBefore.length > 0, 'the sweep before saved a run');
    await vscode.commands.executeCommand('robustnessLens.openSweep', { modelPaths: models, analyses: WORKER_SWEEP });
    const panel = await until('the sweep panel', () => lens.sweep());
    const pid = await until('a running engine', () => lens.engine.pid);
    const restarts = lens.engine.restartCount;
    await startSweep(panel);
    // The workers exist only while the engine serves the sweep request: killing the engine then kills it mid-request.
    const workers = await until('the sweep\'s worker processes', () => { const found = childPids(pid); return found.length ? found : null; }, 120000);
    process.kill(pid, 'SIGKILL');
    await until('the sweep to stop', () => !panel.busy, 60000);
    assert.strictEqual(panel.shownRecord, null, 'no results from the killed sweep');
    if (hasLauncher()) {
      const shown = await askLauncher({ action: 'webviewText', selector: '.error-banner' });
      assert.match(shown?.text ?? '', /The engine stopped while working on this request; it restarts on the next request\./);
      await askLauncher({ action: 'screenshot', name: 'faults-engine-killed' });
    }
    await until('the engine to notice', () => lens.engine.restartCount > restarts);
    await until('the orphaned workers to stop', () => !workers.some(isRunning), 60000);
    assert.strictEqual(lens.sweep(), panel, 'the sweep panel is still open');
    assert.deepStrictEqual(fs.readdirSync(runsFolder()).sort(), runsBefore, 'the saved runs are kept, and the killed sweep saved nothing');

    await startSweep(panel);
    const record = await sweepRecord(panel);
    assert.notStrictEqual(lens.engine.pid, pid, 'a new engine ran it');
    assert.strictEqual(record.results.partial, false);
    assert.strictEqual(record.results.imageCount, WORKER_SWEEP.limit);
    assert.ok(fs.existsSync(path.join(runsFolder(), record.id, 'record.json')), 'and saved it');
  });

  test('an out-of-memory abort shows "out of memory at batch N" in the panel, the engine restarts, and the next request works', async function () {
    // Predict on sample set is the webview's button; only the launcher clicks it.
    if (!hasLauncher()) return this.skip();
    const { lens } = await lensExtension();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const wideModel = await writeWideModel(wideFolder());
    const before = await until('a running engine', async () => { await lens.engine.backend(); return lens.engine.pid; });
    const restoreBatchSize = await setForTest('batchSize', OUT_OF_MEMORY_BATCH);
    try {
      // A changed batch size restarts the engine, which reads it at start.
      await until('the engine to restart with the new batch size', () => lens.engine.pid !== undefined && lens.engine.pid !== before);
      await lens.engine.backend();
      const restarts = lens.engine.restartCount;
      await vscode.commands.executeCommand('robustnessLens.openModel', vscode.Uri.file(wideModel));
      const panel = await until('the overview panel', () => lens.overviewFor(wideModel));
      await until('the model to load', () => panel.loadedModel, 60000);
      // 64 sample images (robustnessLens.overview.maxImages) in one batch of 64.
      await askLauncher({ action: 'clickInWebview', selector: 'vscode-button:has-text("Predict on sample set")' });
      const shown = await askLauncher({ action: 'webviewText', selector: '.error-banner', timeoutMs: 90000 }, 120000);
      assert.match(shown?.text ?? '', new RegExp(`out of memory at batch ${OUT_OF_MEMORY_BATCH}: lower robustnessLens\\.batchSize`));
      await askLauncher({ action: 'screenshot', name: 'faults-out-of-memory' });
      await until('the engine to exit for a restart', () => lens.engine.restartCount > restarts, 60000);
      assert.strictEqual(lens.overviewFor(wideModel), panel, 'the overview panel is still open');
      const baseline = await lens.engine.loadModel({ path: path.join(workspaceFolder(), 'models', 'baseline', 'model.json') });
      assert.strictEqual(baseline.inspection.numClasses, 10, 'a fresh engine answers the next request');
    } finally {
      const pid = lens.engine.pid;
      await restoreBatchSize();
      await until('the engine to restart with the batch size restored', () => lens.engine.pid !== undefined && lens.engine.pid !== pid);
    }
  });
});
