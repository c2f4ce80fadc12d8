// corrupt-dataset: every item of a dataset under every corruption and severity, written by this thread and, on the
// wasm and cpu backends (one computing thread per process in Node), by worker threads beside it
// (out/corrupt-dataset-worker.js), each with its own backend of the parent's kind. The work is handed out one
// (item, corruption) at a time, so the threads finish together even on a few images. A file depends only on its image,
// corruption, severity and seed, so the files are the same bytes whatever the count.
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ImageItem, SkippedFile } from '../../protocol/data';
import type { ProgressSink } from '../../protocol/progress';
import type { CorruptionName, Severity } from '../corruptions';
import { openDataSource } from '../data/source';
import { UserFacingError, isUserFacingError, type UserErrorCode } from '../errors';
import { hostBackend } from '../hostBackend';
import { ItemCopier, corruptedCopyPath, type CopiesOptions, type ItemCopies } from './corruptedCopies';

export interface CorruptDatasetOptions extends CopiesOptions {
  limit?: number;
  /**
   * Threads writing the copies on the wasm and cpu backends, this one included (default 1: this thread alone); each
   * worker thread has its own backend of the same kind. Every file depends only on its image, corruption, severity and
   * seed, so any count writes the same bytes. On other backends the images are corrupted here, on the tensor path.
   */
  workers?: number;
  onProgress: ProgressSink;
  signal?: AbortSignal;
}

export interface CorruptedDataset {
  /** Files written. */
  written: number;
  /** Files of the dataset left out: not images, or images that could not be decoded. */
  skipped: SkippedFile[];
}

/** What every worker is told once: where to write, what to write, and the backend to compute on. */
export interface CopiesJob {
  outDir: string;
  options: CopiesOptions;
  backend: 'wasm' | 'cpu';
  /** Set to 1 (shared memory) when the run is cancelled: every thread reads it before each file. */
  cancelFlag: Int32Array;
}

/** Parent → worker: write every severity of this corruption of this item (its index in the list), or stop. */
export type ToWorker = { index: number; item: ImageItem; name: CorruptionName } | { stop: true };

/** Worker → parent. */
export type FromWorker =
  | { kind: 'file'; index: number; name: CorruptionName; severity: Severity }
  | { kind: 'done'; index: number; outcome: ItemCopies }
  | { kind: 'error'; message: string; code: UserErrorCode | null; stack?: string };

/** The parent's side of the progress: a file written, an item skipped, and the error a cancellation ends with. */
interface CopiesEvents {
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

/** Writes every image of `data` under every corruption and severity; an image that cannot be decoded is skipped and listed. */
export async function corruptDataset(data: string, outDir: string, options: CorruptDatasetOptions): Promise<CorruptedDataset> {
  const source = await openDataSource(data);
  const items = options.limit ? source.items.slice(0, options.limit) : source.items;
  if (items.length === 0) throw new UserFacingError(`No readable images found in ${data}.`, 'bad-input');
  // Every id must name a file inside the output folder before anything is written.
  for (const item of items) corruptedCopyPath(outDir, item, options.corruptions[0], options.severities[0]);
  const perImage = options.corruptions.length * options.severities.length;
  let total = items.length * perImage;
  let written = 0;
  const cancelled = (): UserFacingError => new UserFacingError(`Cancelled after writing ${written} of ${total} files.`, 'cancelled');
  const afterFile = (item: ImageItem, name: CorruptionName, severity: Severity): void => {
    written++;
    options.onProgress({ done: written, total, message: `${name} severity ${severity} · ${basename(item.path)}` });
  };
  const onSkipped = (): void => { total -= perImage; };
  const backend = hostBackend();
  const threads = backend ? Math.min(checkedThreads(options.workers ?? 1), items.length * options.corruptions.length) : 1;
  const outcomes = await writeCopiesOnThreads(items, { outDir, options: copiesOptions(options), backend }, threads, { afterFile, onSkipped, cancelled }, options.signal);
  const skipped: SkippedFile[] = [...source.skipped, ...outcomes.flatMap((o) => ('skipped' in o ? [o.skipped] : []))];
  if (written === 0) throw new UserFacingError(`None of the ${items.length} images in ${data} could be decoded, so nothing was written: ${skipped.at(-1)?.reason ?? ''}.`, 'bad-input');
  return { written, skipped };
}

/** The fields of `options` a worker needs (no callbacks, no signal). */
function copiesOptions({ corruptions, severities, seed, parameterSet }: CopiesOptions): CopiesOptions {
  return { corruptions, severities, seed, parameterSet };
}

function checkedThreads(workers: number): number {
  if (!Number.isInteger(workers) || workers < 1) throw new UserFacingError(`The number of corrupt-dataset workers must be a whole number of at least 1, got ${workers}.`, 'bad-input');
  return workers;
}

/**
 * Every item's copies written by this thread and `threads` − 1 worker threads, each taking the next (item, corruption)
 * when it finishes one; outcomes in item order. Cancelling raises a flag every thread reads before each file, so no file
 * is left half-written; the promise then rejects with `events.cancelled()` once every thread has stopped.
 */
function writeCopiesOnThreads(items: readonly ImageItem[], job: Omit<CopiesJob, 'cancelFlag' | 'backend'> & { backend: CopiesJob['backend'] | null }, threads: number, events: CopiesEvents, signal?: AbortSignal): Promise<ItemCopies[]> {
  const { corruptions } = job.options;
  const units = items.length * corruptions.length;
  const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  const writtenPerItem = new Array<number>(items.length).fill(0);
  const skippedItems = new Map<number, SkippedFile>();
  const workers: Worker[] = [];
  // Workers told to stop: only these may exit before every unit is done.
  const stopped = new Set<Worker>();
  let running = threads;
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
      else resolve(items.map((_, index) => { const skipped = skippedItems.get(index); return skipped ? { skipped } : { written: writtenPerItem[index] }; }));
    };
    const threadStopped = (): void => {
      if (--running === 0) settle(cancelling() ? events.cancelled() : null);
    };
    const onAbort = (): void => {
      Atomics.store(cancelFlag, 0, 1);
      if (running === 0) settle(events.cancelled());
    };
    /** The next (item, corruption) in item order, or null when none is left or the run is ending. */
    const take = (): { index: number; name: CorruptionName } | null => {
      if (next === units || cancelling() || settled) return null;
      const unit = next++;
      return { index: Math.floor(unit / corruptions.length), name: corruptions[unit % corruptions.length] };
    };
    // An item that cannot be decoded says so for each of its corruptions; it is skipped once.
    const record = (index: number, outcome: ItemCopies): void => {
      if (!('skipped' in outcome)) writtenPerItem[index] += outcome.written;
      else if (!skippedItems.has(index)) {
        skippedItems.set(index, outcome.skipped);
        events.onSkipped();
      }
      if (++finished === units) settle(null);
    };
    const feed = (worker: Worker): void => {
      if (stopped.has(worker)) return;
      const unit = take();
      if (unit) {
        worker.postMessage({ ...unit, item: items[unit.index] } satisfies ToWorker);
      } else {
        stopped.add(worker);
        worker.postMessage({ stop: true } satisfies ToWorker);
      }
    };
    signal?.addEventListener('abort', onAbort);
    const { backend } = job;
    for (let w = 1; w < threads && backend; w++) {
      const worker = new Worker(copiesWorkerPath(), { workerData: { outDir: job.outDir, options: job.options, backend, cancelFlag } satisfies CopiesJob });
      workers.push(worker);
      worker.on('message', (message: FromWorker) => {
        if (settled) return;
        if (message.kind === 'file') {
          events.afterFile(items[message.index], message.name, message.severity);
        } else if (message.kind === 'done') {
          record(message.index, message.outcome);
          if (!settled) feed(worker);
        } else if (message.code === 'cancelled') {
          stopped.add(worker);
        } else {
          settle(message.code ? new UserFacingError(message.message, message.code) : new Error(`corrupt-dataset worker ${w} failed: ${message.message}${message.stack ? `\n${message.stack}` : ''}`));
        }
      });
      worker.on('error', (err) => settle(new Error(`corrupt-dataset worker ${w} failed: ${err.message}`)));
      worker.on('exit', (code) => {
        if (!stopped.has(worker)) settle(new Error(`corrupt-dataset worker ${w} stopped (exit code ${code}) before the images were done`));
        else threadStopped();
      });
      // Two units in hand: a worker goes on with its second while this thread, busy with its own, answers its first.
      feed(worker);
      feed(worker);
    }
    if (signal?.aborted) onAbort();
    // This thread takes its share too.
    const copier = new ItemCopier(job.outDir, job.options);
    // The host kernels settle without a turn of the event loop: each file waits for one, so the workers' messages and an
    // abort come in.
    const beforeFile = async (): Promise<void> => {
      await new Promise((resolve) => setImmediate(resolve));
      if (cancelling()) throw events.cancelled();
    };
    void (async () => {
      try {
        for (let unit = take(); unit; unit = take()) {
          const { index, name } = unit;
          record(index, await copier.write(items[index], name, beforeFile, (severity) => events.afterFile(items[index], name, severity)));
        }
      } catch (err) {
        if (!(isUserFacingError(err) && err.code === 'cancelled')) {
          Atomics.store(cancelFlag, 0, 1);
          settle(err instanceof Error ? err : new Error(String(err)));
        }
      } finally {
        copier.dispose();
        threadStopped();
      }
    })();
  });
}
