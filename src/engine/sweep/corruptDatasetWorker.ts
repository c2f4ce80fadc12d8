// The worker thread of corrupt-dataset (bundled as out/corrupt-dataset-worker.js): selects the parent's backend, then
// writes the copies of each item it is sent, one item at a time, reporting each file and each item's outcome.
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '../backend';
import { UserFacingError, isUserFacingError } from '../errors';
import type { CopiesJob, FromWorker, ToWorker } from './corruptDatasetPool';
import { writeItemCopies } from './corruptedCopies';

async function serve(port: NonNullable<typeof parentPort>, job: CopiesJob): Promise<void> {
  await selectBackend(job.backend);
  const send = (message: FromWorker): void => port.postMessage(message);
  let queue = Promise.resolve();
  port.on('message', (message: ToWorker) => {
    if ('stop' in message) {
      queue = queue.then(() => port.close());
      return;
    }
    const { index, item } = message;
    queue = queue.then(async () => {
      const beforeFile = (): void => { if (Atomics.load(job.cancelFlag, 0) === 1) throw new UserFacingError('Cancelled.', 'cancelled'); };
      const outcome = await writeItemCopies(item, job.outDir, job.options, beforeFile, (name, severity) => send({ kind: 'file', index, name, severity }));
      send({ kind: 'item', index, outcome });
    }).catch((err: unknown) => {
      send(isUserFacingError(err) ? { kind: 'error', message: err.message, code: err.code } : { kind: 'error', message: err instanceof Error ? err.message : String(err), code: null, stack: err instanceof Error ? err.stack : undefined });
      port.close();
    });
  });
}

if (parentPort) void serve(parentPort, workerData as CopiesJob);
