// Starts the engine process on first use, talks JSON-RPC to it, and restarts it when it dies.
// Pending requests fail with a clear message; models are re-opened transparently after a restart, except one whose load
// was in flight when the engine died (the user is asked instead), and repeated crashes wait longer before each start.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CancellationTokenSource, type MessageConnection, type RequestType } from 'vscode-jsonrpc/node';
import { engineFailure, startEngineProcess, type EngineProcess } from '../engine/engineConnection';
import type { BackendInfo } from '../protocol/backend';
import { ENGINE_EXIT_OUT_OF_MEMORY } from '../protocol/errors';
import { type LoadModelParams, type LoadedModel } from '../protocol/engine';
import { Notifications, Requests, type ProgressParams } from '../protocol/rpc';
import { EngineRestarts } from './engineRestarts';
import { readSettings } from './settings';

/** An error the user caused or asked for (bad input, cancellation): shown without a stack. */
export class EngineUserError extends Error {
  constructor(message: string, readonly cancelled: boolean) { super(message); }
}

export type EngineProgress = (progress: ProgressParams) => void;

interface RunningEngine { process: EngineProcess; backend: Promise<BackendInfo> }

export class EngineClient implements vscode.Disposable {
  private running: RunningEngine | null = null;
  private stopping = false;
  private nextProgressToken = 0;
  private readonly openedModels = new Map<string, LoadModelParams>();
  private readonly backendChanged = new vscode.EventEmitter<BackendInfo | null>();
  readonly onDidChangeBackend = this.backendChanged.event;
  private restarts = 0;
  private readonly crashes = new EngineRestarts();

  /** `extraEnv` is read at every start, so a restart picks up a backend installed meanwhile. */
  constructor(private readonly extensionPath: string, private readonly output: vscode.OutputChannel, private readonly extraEnv: () => Record<string, string> = () => ({})) {}

  /** The engine's process id while it runs (for diagnostics and the crash-recovery test). */
  get pid(): number | undefined { return this.running?.process.child.pid; }

  get restartCount(): number { return this.restarts; }

  async backend(): Promise<BackendInfo> {
    await this.afterCrashBackoff();
    return this.ensureStarted().backend;
  }

  async loadModel(params: LoadModelParams): Promise<LoadedModel> {
    const modelPath = path.resolve(params.path);
    this.crashes.beginLoad(modelPath);
    try {
      const model = await this.request(Requests.loadModel, params);
      this.openedModels.set(model.modelId, params);
      return model;
    } finally {
      this.crashes.endLoad(modelPath);
    }
  }

  /** Sends a request, starting the engine when needed, with progress and cancellation wired through. */
  async request<P, R>(type: RequestType<P, R, void>, params: P, token?: vscode.CancellationToken, onProgress?: EngineProgress): Promise<R> {
    await this.afterCrashBackoff();
    const engine = this.ensureStarted();
    await engine.backend;
    const cancel = new CancellationTokenSource();
    const subscription = token?.onCancellationRequested(() => cancel.cancel());
    const progressToken = params && typeof params === 'object' && 'progressToken' in params ? (params as { progressToken: string }).progressToken : undefined;
    const stopProgress = onProgress && progressToken !== undefined ? engine.process.onProgress(progressToken, onProgress) : undefined;
    try {
      return await engine.process.connection.sendRequest(type, params, cancel.token);
    } catch (err) {
      throw this.translate(err);
    } finally {
      subscription?.dispose();
      cancel.dispose();
      stopProgress?.();
    }
  }

  newProgressToken(): string { return `p${++this.nextProgressToken}`; }

  async restart(reason: string): Promise<void> {
    this.output.appendLine(`Restarting the engine: ${reason}`);
    await this.stop();
    this.ensureStarted();
  }

  async stop(): Promise<void> {
    const engine = this.running;
    if (!engine) return;
    this.stopping = true;
    try {
      await Promise.race([engine.process.connection.sendRequest(Requests.shutdown), new Promise((r) => setTimeout(r, 2000))]);
    } catch { /* already gone */ }
    engine.process.child.kill();
    engine.process.connection.dispose();
    this.running = null;
    this.stopping = false;
    this.backendChanged.fire(null);
  }

  dispose(): void {
    void this.stop();
    this.backendChanged.dispose();
  }

  private ensureStarted(): RunningEngine {
    if (this.running) return this.running;
    const settings = readSettings();
    const engine = startEngineProcess({
      entry: path.join(this.extensionPath, 'out', 'engine.js'),
      cwd: this.extensionPath,
      env: { ...process.env, ...this.extraEnv() },
      execArgv: [`--max-old-space-size=${settings.engineMaxMemoryMB}`],
      stdout: 'pipe',
    });
    const { child, connection } = engine;
    child.stdout?.on('data', (d: Buffer) => this.output.append(d.toString()));
    child.stderr?.on('data', (d: Buffer) => this.output.append(d.toString()));
    connection.onNotification(Notifications.log, (m) => this.output.appendLine(`[engine ${m.level}] ${m.message}`));
    const running: RunningEngine = { process: engine, backend: Promise.resolve(null as never) };
    running.backend = connection.sendRequest(Requests.initialize, { backend: settings.backend, batchSize: settings.batchSize }).then(async (info) => {
      this.output.appendLine(`Engine ${child.pid} on ${info.label}`);
      this.backendChanged.fire(info);
      await this.reopenModels(connection);
      return info;
    });
    running.backend.catch((err: unknown) => this.output.appendLine(`Engine failed to start: ${err instanceof Error ? err.message : String(err)}`));
    child.on('exit', (code, signal) => this.onExit(running, code, signal));
    this.running = running;
    return running;
  }

  /** Waits out the back-off after crashes in a row before an engine starts. */
  private async afterCrashBackoff(): Promise<void> {
    if (this.running) return;
    const delay = this.crashes.startDelayMs(Date.now());
    if (delay === 0) return;
    this.output.appendLine(`Waiting ${Math.ceil(delay / 1000)} s before starting the engine again after repeated crashes.`);
    await new Promise((r) => setTimeout(r, delay));
  }

  private async reopenModels(connection: MessageConnection): Promise<void> {
    for (const params of [...this.openedModels.values()]) {
      const modelPath = path.resolve(params.path);
      this.crashes.beginLoad(modelPath);
      try {
        await connection.sendRequest(Requests.loadModel, params);
      } catch (err) {
        this.output.appendLine(`Could not re-open ${params.path} after a restart: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        this.crashes.endLoad(modelPath);
      }
    }
  }

  /** Stops re-opening the models whose load was in flight when the engine died, and offers to open each again. */
  private forgetCrashingModels(suspects: readonly string[]): void {
    for (const suspect of suspects) {
      const entry = [...this.openedModels].find(([modelId, params]) => modelId === suspect || path.resolve(params.path) === suspect);
      if (entry) this.openedModels.delete(entry[0]);
      const params = entry?.[1] ?? { path: suspect };
      this.output.appendLine(`The engine stopped while opening ${suspect}; it is not re-opened automatically.`);
      void vscode.window.showWarningMessage(`Robustness Lens: the engine stopped while opening ${path.basename(suspect)}, so it is not re-opened automatically.`, 'Retry', 'Show Log')
        .then((choice) => {
          if (choice === 'Show Log') this.output.show();
          if (choice === 'Retry') this.loadModel(params).catch((err: unknown) => void vscode.window.showErrorMessage(`Robustness Lens: ${err instanceof Error ? err.message : String(err)}`));
        });
    }
  }

  private onExit(engine: RunningEngine, code: number | null, signal: NodeJS.Signals | null): void {
    engine.process.connection.dispose();
    if (this.running !== engine) return;
    this.running = null;
    this.backendChanged.fire(null);
    if (this.stopping) return;
    this.restarts++;
    const { suspects } = this.crashes.crashed(Date.now());
    this.forgetCrashingModels(suspects);
    if (code === ENGINE_EXIT_OUT_OF_MEMORY) {
      // The request that ran out of memory has already told the user; the next request starts a fresh engine.
      this.output.appendLine('The engine exited after running out of memory; it restarts on the next request.');
      return;
    }
    const why = signal ? `it was killed by ${signal}` : `it exited with code ${code}`;
    const hint = code === 134 || signal === 'SIGABRT' ? ' (often out of memory: lower robustnessLens.batchSize)' : '';
    this.output.appendLine(`The engine stopped: ${why}${hint}.`);
    void vscode.window.showWarningMessage(`Robustness Lens: the engine stopped (${why}${hint}). It restarts on the next request; saved runs are intact.`, 'Show Log')
      .then((choice) => { if (choice) this.output.show(); });
  }

  private translate(err: unknown): Error {
    const failure = engineFailure(err);
    switch (failure.kind) {
      case 'gone': return new Error('The engine stopped while working on this request; it restarts on the next request.');
      case 'user': return new EngineUserError(failure.message, false);
      case 'cancelled': return new EngineUserError(failure.message || 'Cancelled.', true);
      case 'internal':
        if (failure.stack) this.output.appendLine(failure.stack);
        return new Error(`The engine failed: ${failure.message}`);
      case 'other': return failure.error;
    }
  }
}
