// Data-parallel sweeps on the CPU: the wasm backend computes on one thread per process in Node, so a sweep forks engine
// worker processes, gives each a shard of the images, adds up their progress and merges their totals exactly. A worker
// that dies fails its request at once and its part is re-run; the workers leave cancelling to this parent (see server.ts).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { CancellationTokenSource, type CancellationToken, type RequestType } from 'vscode-jsonrpc/node';
import type { BackendPreference } from '../../protocol/backend';
import type { RunRecord } from '../../protocol/records';
import { type LoadModelParams } from '../../protocol/engine';
import { Requests, type SweepShardParams } from '../../protocol/rpc';
import type { SweepShardResults } from '../../protocol/sweep';
import { engineFailure, startEngineProcess, type EngineProcess } from '../engineConnection';
import { UserFacingError } from '../errors';
import { ONNX_THREADS_VARIABLE } from '../model/onnx/onnxRuntime';
import type { Progress, ProgressSink } from '../../protocol/progress';

export interface WorkerPoolOptions {
  /** The backend every worker must use: the one the parent engine runs on, so all shards compute alike. */
  backend: BackendPreference;
  batchSize: number;
  /** The models the request names, as the parent loaded them (label files included). */
  models: LoadModelParams[];
}

/** out/engine.js: beside this bundle, or in an `out` folder above it (tests are bundled further down). */
export function engineEntryPath(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    for (const candidate of [join(dir, 'engine.js'), join(dir, 'out', 'engine.js')]) if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`Cannot find the engine bundle (out/engine.js) above ${from}; run npm run build.`);
  }
}

/** The worker process ended (killed, crashed) while a request was pending: the request can only be run again elsewhere. */
export class WorkerExitError extends Error {
  constructor(index: number, reason: string) {
    super(`Sweep worker ${index} stopped (${reason})`);
    this.name = 'WorkerExitError';
  }
}

/**
 * After a worker's process and channel close, how long its pending requests wait before they fail: the connection handles
 * the messages it has already read one per event-loop turn, and an answer sent just before the exit must win.
 */
const ANSWER_GRACE_MS = 250;

/** One forked engine serving JSON-RPC over IPC; its death fails the request it was serving at once. */
class EngineWorker {
  private exitReason: string | null = null;
  /** Rejects with a WorkerExitError once the process has ended and its channel is closed. */
  private readonly ended: Promise<never>;

  private constructor(private readonly engine: EngineProcess, readonly index: number) {
    const { child } = engine;
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk.toString().replace(/^(?=.)/gm, `[sweep worker ${index}] `)));
    this.ended = new Promise<never>((_, reject) => {
      const fail = (reason: string): void => {
        this.exitReason ??= reason;
        setTimeout(() => reject(new WorkerExitError(index, this.exitReason ?? reason)), ANSWER_GRACE_MS);
      };
      child.on('exit', (code, signal) => { this.exitReason ??= signal ? `killed by ${signal}` : `exited with code ${code}`; });
      child.on('close', (code, signal) => fail(signal ? `killed by ${signal}` : `exited with code ${code}`));
      child.on('error', (err) => { fail(err.message); child.kill('SIGKILL'); });
      // A worker whose channel closed can answer nothing more: stop it, and its exit fails what it was serving.
      child.on('disconnect', () => { if (this.exitReason === null) child.kill('SIGKILL'); });
    });
    this.ended.catch(() => undefined);
  }

  /** Starts worker `index` of `count`; ONNX Runtime in each gets its share of the cores, so the workers do not oversubscribe them. */
  static start(index: number, count: number): EngineWorker {
    const env = { ...process.env, [ONNX_THREADS_VARIABLE]: String(Math.max(1, Math.floor(availableParallelism() / count))) };
    return new EngineWorker(startEngineProcess({ entry: engineEntryPath(), execArgv: process.execArgv, env, stdout: 'ignore' }), index);
  }

  /** Why the process ended, if it has. */
  get exited(): string | null {
    return this.exitReason;
  }

  /** Sends a request that fails with a WorkerExitError as soon as the process is gone. */
  private request<P, R>(type: RequestType<P, R, void>, params: P, token?: CancellationToken): Promise<R> {
    return Promise.race([this.engine.connection.sendRequest(type, params, token), this.ended]);
  }

  /** Starts the engine, loads the models and runs one part of the sweep, reporting its progress. */
  async runPart(request: SweepShardParams, options: WorkerPoolOptions, onProgress: ProgressSink, token: CancellationToken): Promise<RunRecord<SweepShardResults>> {
    const progressToken = `worker-${this.index}`;
    this.engine.onProgress(progressToken, onProgress);
    await this.request(Requests.initialize, { backend: options.backend, batchSize: options.batchSize });
    for (const model of options.models) await this.request(Requests.loadModel, model);
    return this.request(Requests.sweepShard, { ...request, runsFolder: undefined, workers: 1, progressToken }, token);
  }

  stop(): void {
    this.engine.connection.dispose();
    if (this.exitReason === null) this.engine.child.kill();
  }
}

/** The error a part's failure ends the sweep with: a worker's own message, a cancellation, or why the worker died. */
function workerError(err: unknown, worker: EngineWorker, cancelled: boolean): Error {
  const failure = engineFailure(err);
  if (failure.kind === 'cancelled') return new UserFacingError('Sweep cancelled.', 'cancelled');
  if (failure.kind === 'user') return new UserFacingError(failure.message, 'bad-input');
  if (failure.kind === 'internal') return new Error(`Sweep worker ${worker.index} failed: ${failure.message}${failure.stack ? `\n${failure.stack}` : ''}`);
  // Cancelling while a worker died: its finished batches died with it, so the sweep ends cancelled, without a partial record.
  if (cancelled) return new UserFacingError(`Sweep cancelled; ${err instanceof Error ? err.message : String(err)}, so no partial results are kept.`, 'cancelled');
  if (err instanceof WorkerExitError) return new Error(`${err.message} again after its part was re-run on a new worker; the sweep cannot finish.`);
  const reason = worker.exited;
  return new Error(`Sweep worker ${worker.index} stopped${reason ? ` (${reason})` : ''}: ${err instanceof Error ? err.message : String(err)}`);
}

/** Each worker's latest progress, summed into one report once every worker has said how much it has to do. */
class ProgressTotal {
  private readonly parts: Array<Progress | null>;
  constructor(count: number, private readonly sink: ProgressSink) {
    this.parts = Array.from({ length: count }, () => null);
  }
  update(index: number, progress: Progress): void {
    this.parts[index] = progress;
    const known = this.parts.filter((p): p is Progress => p !== null);
    if (known.length < this.parts.length) return;
    this.sink({ done: known.reduce((n, p) => n + p.done, 0), total: known.reduce((n, p) => n + p.total, 0), message: `${progress.message} · ${known.length} workers` });
  }
}

/** How many times one part may be started: a part whose worker dies is re-run once on a new worker. */
const STARTS_PER_PART = 2;

/**
 * Runs request i on worker i, all at once, and returns their records in the same order. A worker that dies has its part
 * re-run on a new worker (once); any other failure, or a second death, cancels the rest and fails the sweep.
 */
export async function runOnWorkers(requests: readonly SweepShardParams[], options: WorkerPoolOptions, onProgress: ProgressSink, signal?: AbortSignal): Promise<RunRecord<SweepShardResults>[]> {
  const count = requests.length;
  const cancel = new CancellationTokenSource();
  const onAbort = (): void => cancel.cancel();
  signal?.addEventListener('abort', onAbort);
  const progress = new ProgressTotal(count, onProgress);
  const running = new Set<EngineWorker>();
  const runPart = async (index: number): Promise<RunRecord<SweepShardResults>> => {
    for (let start = 1; ; start++) {
      const worker = EngineWorker.start(index, count);
      running.add(worker);
      try {
        return await worker.runPart(requests[index], options, (p) => progress.update(index, p), cancel.token);
      } catch (err) {
        const cancelled = cancel.token.isCancellationRequested;
        if (err instanceof WorkerExitError && start < STARTS_PER_PART && !cancelled) {
          process.stderr.write(`${err.message}; re-running its part on a new worker.\n`);
          continue;
        }
        cancel.cancel();
        throw workerError(err, worker, cancelled);
      } finally {
        running.delete(worker);
        worker.stop();
      }
    }
  };
  try {
    return await Promise.all(requests.map((_, index) => runPart(index)));
  } finally {
    signal?.removeEventListener('abort', onAbort);
    cancel.cancel();
    cancel.dispose();
    for (const worker of running) worker.stop();
  }
}
