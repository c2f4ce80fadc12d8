// The worker thread of corrupt-dataset (bundled as out/corrupt-dataset-worker.js): selects the parent's backend, then
// writes every severity of each (item, corruption) it is sent, in order, reporting each file and each unit's outcome.
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '../backend';
import { UserFacingError, isUserFacingError } from '../errors';
import type { CopiesJob, FromWorker, ToWorker } from './corruptDataset';
import { ItemCopier } from './corruptedCopies';

async function serve(port: NonNullable<typeof parentPort>, job: CopiesJob): Promise<void> {
  await selectBackend(job.backend);
  const send = (message: FromWorker): void => port.postMessage(message);
  const copier = new ItemCopier(job.outDir, job.options);
  const beforeFile = (): void => { if (Atomics.load(job.cancelFlag, 0) === 1) throw new UserFacingError('Cancelled.', 'cancelled'); };
  let queue = Promise.resolve();
  port.on('message', (message: ToWorker) => {
    if ('stop' in message) {
      queue = queue.then(() => {
        copier.dispose();
        port.close();
      });
      return;
    }
    const { index, item, name } = message;
    queue = queue.then(async () => {
      const outcome = await copier.write(item, name, beforeFile, (severity) => send({ kind: 'file', index, name, severity }));
      send({ kind: 'done', index, outcome });
    }).catch((err: unknown) => {
      send(isUserFacingError(err) ? { kind: 'error', message: err.message, code: err.code } : { kind: 'error', message: err instanceof Error ? err.message : String(err), code: null, stack: err instanceof Error ? err.stack : undefined });
      port.close();
    });
  });
}

if (parentPort) void serve(parentPort, workerData as CopiesJob);
