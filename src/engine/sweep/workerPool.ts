// Data-parallel sweeps on the CPU: the wasm backend computes on one thread per process in Node, so a sweep forks engine
// worker processes, gives each a shard of the images, adds up their progress and merges their totals exactly.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { CancellationTokenSource, ResponseError, createMessageConnection, IPCMessageReader, IPCMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { BackendPreference } from '../../protocol/backend';
import { ENGINE_ERROR_CANCELLED, ENGINE_ERROR_USER, type EngineErrorData } from '../../protocol/errors';
import type { RunRecord } from '../../protocol/records';
import { Notifications, Requests, type LoadModelParams, type SweepShardParams } from '../../protocol/rpc';
import type { SweepShardResults } from '../../protocol/sweep';
import { UserFacingError } from '../errors';
import { ONNX_THREADS_VARIABLE } from '../model/onnx/onnxRuntime';
import type { Progress, ProgressSink } from '../session';

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

/** One forked engine serving JSON-RPC over IPC. */
class EngineWorker {
  readonly connection: MessageConnection;
  private exitReason: string | null = null;

  private constructor(private readonly child: ChildProcess, readonly index: number) {
    this.connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk.toString().replace(/^(?=.)/gm, `[sweep worker ${index}] `)));
    child.on('exit', (code, signal) => { this.exitReason = signal ? `killed by ${signal}` : `exited with code ${code}`; });
    this.connection.listen();
  }

  /** Starts worker `index` of `count`; ONNX Runtime in each gets its share of the cores, so the workers do not oversubscribe them. */
  static start(index: number, count: number): EngineWorker {
    const env = { ...process.env, [ONNX_THREADS_VARIABLE]: String(Math.max(1, Math.floor(availableParallelism() / count))) };
    return new EngineWorker(fork(engineEntryPath(), [], { execArgv: process.execArgv, env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] }), index);
  }

  /** Why the process ended, if it has. */
  get exited(): string | null {
    return this.exitReason;
  }

  stop(): void {
    this.connection.dispose();
    if (this.exitReason === null) this.child.kill();
  }
}

function workerError(err: unknown, worker: EngineWorker): Error {
  if (err instanceof ResponseError) {
    const data = err.data as EngineErrorData | undefined;
    if (err.code === ENGINE_ERROR_CANCELLED || data?.kind === 'cancelled') return new UserFacingError('Sweep cancelled.', 'cancelled');
    if (err.code === ENGINE_ERROR_USER) return new UserFacingError(err.message, 'bad-input');
    return new Error(`Sweep worker ${worker.index} failed: ${err.message}${data?.stack ? `\n${data.stack}` : ''}`);
  }
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

/** The prediction file worker `index` writes, with the requested file's extension (which chooses CSV or JSON Lines). */
export function shardPredictionFile(file: string, index: number): string {
  const extension = extname(file);
  return `${file.slice(0, file.length - extension.length)}.shard-${index}${extension}`;
}

/** Runs request i on worker i, all at once, and returns their records in the same order; one failure cancels the rest. */
export async function runOnWorkers(requests: readonly SweepShardParams[], options: WorkerPoolOptions, onProgress: ProgressSink, signal?: AbortSignal): Promise<RunRecord<SweepShardResults>[]> {
  const workers = requests.length;
  const pool = Array.from({ length: workers }, (_, i) => EngineWorker.start(i, workers));
  const cancel = new CancellationTokenSource();
  const onAbort = (): void => cancel.cancel();
  signal?.addEventListener('abort', onAbort);
  const progress = new ProgressTotal(workers, onProgress);
  try {
    return await Promise.all(pool.map(async (worker) => {
      try {
        worker.connection.onNotification(Notifications.progress, (p) => progress.update(worker.index, p));
        await worker.connection.sendRequest(Requests.initialize, { backend: options.backend, batchSize: options.batchSize });
        for (const model of options.models) await worker.connection.sendRequest(Requests.loadModel, model);
        const request = requests[worker.index];
        const savePredictions = request.savePredictions ? shardPredictionFile(request.savePredictions, worker.index) : undefined;
        return await worker.connection.sendRequest(Requests.sweepShard, { ...request, savePredictions, runsFolder: undefined, workers: 1, progressToken: `worker-${worker.index}` }, cancel.token);
      } catch (err) {
        cancel.cancel();
        throw workerError(err, worker);
      }
    }));
  } finally {
    signal?.removeEventListener('abort', onAbort);
    cancel.dispose();
    for (const worker of pool) worker.stop();
  }
}

/** Removes the workers' prediction files once they are joined. */
export async function removeShardPredictionFiles(file: string, workers: number): Promise<void> {
  await Promise.all(Array.from({ length: workers }, (_, i) => fs.rm(shardPredictionFile(file, i), { force: true })));
}
