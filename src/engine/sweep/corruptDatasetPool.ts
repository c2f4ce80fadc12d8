// corrupt-dataset across cores: the wasm backend computes on one thread per process in Node, so the images are handed
// out one at a time to worker threads (out/corrupt-dataset-worker.js), each with its own backend of the parent's kind.
// A file depends only on its image, corruption, severity and seed, so the files are the same bytes whatever the count.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ImageItem } from '../../protocol/data';
import type { CorruptionName, Severity } from '../corruptions';
import { UserFacingError, type UserErrorCode } from '../errors';
import type { CopiesOptions, ItemCopies } from './corruptedCopies';

/** What every worker is told once: where to write, what to write, and the backend to compute on. */
export interface CopiesJob {
  outDir: string;
  options: CopiesOptions;
  backend: 'wasm' | 'cpu';
  /** Set to 1 (shared memory) when the run is cancelled: a worker reads it before each file. */
  cancelFlag: Int32Array;
}

/** Parent → worker: corrupt this item (its index in the list), or stop. */
export type ToWorker = { index: number; item: ImageItem } | { stop: true };

/** Worker → parent. */
export type FromWorker =
  | { kind: 'file'; index: number; name: CorruptionName; severity: Severity }
  | { kind: 'item'; index: number; outcome: ItemCopies }
  | { kind: 'error'; message: string; code: UserErrorCode | null; stack?: string };

/** The parent's side of the progress: a file written, an item skipped, and the error a cancellation ends with. */
export interface CopiesEvents {
  afterFile: (item: ImageItem, name: CorruptionName, severity: Severity) => void;
  onSkipped: () => void;
  cancelled: () => Error;
}

const WORKER_BUNDLE = 'corrupt-dataset-worker.js';

/** out/corrupt-dataset-worker.js: beside this bundle, or in an `out` folder above it (tests are bundled further down). */
export function copiesWorkerPath(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    for (const candidate of [join(dir, WORKER_BUNDLE), join(dir, 'out', WORKER_BUNDLE)]) if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`Cannot find the corrupt-dataset worker bundle (out/${WORKER_BUNDLE}) above ${from}; run npm run build.`);
  }
}

/**
 * Every item written by `count` worker threads, each taking the next item when it finishes one; outcomes in item order.
 * Cancelling raises a flag the workers read before each file, so no file is left half-written; the promise then rejects
 * with `events.cancelled()` once every worker has stopped.
 */
export function writeCopiesOnWorkers(items: readonly ImageItem[], job: Omit<CopiesJob, 'cancelFlag'>, count: number, events: CopiesEvents, signal?: AbortSignal): Promise<ItemCopies[]> {
  const script = copiesWorkerPath();
  const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  const outcomes: ItemCopies[] = new Array<ItemCopies>(items.length);
  const workers: Worker[] = [];
  // Workers told to stop: only these may exit before every item is done.
  const stopped = new Set<Worker>();
  let running = count;
  let next = 0;
  let finished = 0;
  let settled = false;
  return new Promise<ItemCopies[]>((resolve, reject) => {
    const cancelling = (): boolean => Atomics.load(cancelFlag, 0) === 1;
    const settle = (err: Error | null): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      for (const worker of workers) void worker.terminate();
      if (err) reject(err);
      else resolve(outcomes);
    };
    const onAbort = (): void => {
      Atomics.store(cancelFlag, 0, 1);
      if (running === 0) settle(events.cancelled());
    };
    const feed = (worker: Worker): void => {
      if (next < items.length && !cancelling()) {
        const index = next++;
        worker.postMessage({ index, item: items[index] } satisfies ToWorker);
      } else {
        stopped.add(worker);
        worker.postMessage({ stop: true } satisfies ToWorker);
      }
    };
    signal?.addEventListener('abort', onAbort);
    for (let w = 0; w < count; w++) {
      const worker = new Worker(script, { workerData: { ...job, cancelFlag } satisfies CopiesJob });
      workers.push(worker);
      worker.on('message', (message: FromWorker) => {
        if (settled) return;
        if (message.kind === 'file') {
          events.afterFile(items[message.index], message.name, message.severity);
        } else if (message.kind === 'item') {
          outcomes[message.index] = message.outcome;
          if ('skipped' in message.outcome) events.onSkipped();
          if (++finished === items.length) settle(null);
          else feed(worker);
        } else if (message.code === 'cancelled') {
          stopped.add(worker);
        } else {
          settle(message.code ? new UserFacingError(message.message, message.code) : new Error(`corrupt-dataset worker ${w} failed: ${message.message}${message.stack ? `\n${message.stack}` : ''}`));
        }
      });
      worker.on('error', (err) => settle(new Error(`corrupt-dataset worker ${w} failed: ${err.message}`)));
      worker.on('exit', (code) => {
        running--;
        if (!stopped.has(worker)) settle(new Error(`corrupt-dataset worker ${w} stopped (exit code ${code}) before the images were done`));
        else if (running === 0) settle(cancelling() ? events.cancelled() : null);
      });
      feed(worker);
    }
    if (signal?.aborted) onAbort();
  });
}
