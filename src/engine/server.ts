// The engine process: serves the JSON-RPC protocol of src/protocol/rpc.ts over Node IPC (engineConnection.ts starts it).
// It never imports `vscode`; the extension host starts it with child_process.fork.
import { CancellationToken, RequestType, ResponseError, createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node';
import { IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import { ENGINE_ERROR_CANCELLED, ENGINE_ERROR_INTERNAL, ENGINE_ERROR_USER, ENGINE_EXIT_OUT_OF_MEMORY, type EngineErrorData } from '../protocol/errors';
import type { ProgressSink } from '../protocol/progress';
import { Notifications, Requests } from '../protocol/rpc';
import { isOutOfMemoryError, isUserFacingError } from './errors';
import { EngineSession } from './session';

function toResponseError(err: unknown): ResponseError<EngineErrorData> {
  if (isUserFacingError(err)) {
    return err.code === 'cancelled'
      ? new ResponseError(ENGINE_ERROR_CANCELLED, err.message, { kind: 'cancelled' })
      : new ResponseError(ENGINE_ERROR_USER, err.message, { kind: 'user' });
  }
  const error = err instanceof Error ? err : new Error(String(err));
  return new ResponseError(ENGINE_ERROR_INTERNAL, error.message, { kind: 'internal', stack: error.stack });
}

function abortSignalFor(token: CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

/** Exits with `code` once every reply queued so far is written: IPC messages go in order, so a last log line's send callback comes after them. */
function exitAfterReplies(code: number, message: string): void {
  setImmediate(() => {
    if (!process.send) process.exit(code);
    process.send({ jsonrpc: '2.0', method: Notifications.log.method, params: { level: 'error', message } }, undefined, undefined, () => process.exit(code));
  });
}

function serve(connection: MessageConnection): void {
  let session: Promise<EngineSession> | null = null;
  const started = (): Promise<EngineSession> => {
    if (!session) throw new ResponseError(ENGINE_ERROR_INTERNAL, 'The engine was not initialised.');
    return session;
  };
  const guard = <P, R>(handler: (params: P, token: CancellationToken) => Promise<R>) =>
    async (params: P, token: CancellationToken): Promise<R | ResponseError<EngineErrorData>> => {
      try {
        return await handler(params, token);
      } catch (err) {
        // After a wasm abort the backend's heap is unusable: answer, then exit so the host starts a fresh engine.
        if (isOutOfMemoryError(err)) exitAfterReplies(ENGINE_EXIT_OUT_OF_MEMORY, err.message);
        return toResponseError(err);
      }
    };
  /** An analysis: it reports progress under its request's token and stops when the request is cancelled. */
  const serveAnalysis = <P extends { progressToken: string }, R>(type: RequestType<P, R, void>, run: (engine: EngineSession, params: P, onProgress: ProgressSink, signal: AbortSignal) => Promise<R>): void => {
    connection.onRequest(type, guard(async (params: P, token: CancellationToken) => run(await started(), params,
      (progress) => connection.sendNotification(Notifications.progress, { token: params.progressToken, ...progress }), abortSignalFor(token))));
  };

  connection.onRequest(Requests.initialize, guard(async (params) => {
    session ??= EngineSession.start(params);
    const engine = await session;
    for (const line of engine.backend.log) connection.sendNotification(Notifications.log, { level: 'info', message: line });
    return engine.backend;
  }));
  connection.onRequest(Requests.loadModel, guard(async (params) => (await started()).loadModel(params)));
  connection.onRequest(Requests.saveProfile, guard(async (params) => (await started()).saveProfile(params)));
  connection.onRequest(Requests.planSweep, guard(async (params) => (await started()).planSweep(params)));
  serveAnalysis(Requests.predict, (engine, ...request) => engine.predict(...request));
  serveAnalysis(Requests.cam, (engine, ...request) => engine.localise(...request));
  serveAnalysis(Requests.mix, (engine, ...request) => engine.mix(...request));
  serveAnalysis(Requests.sweep, (engine, ...request) => engine.sweep(...request));
  serveAnalysis(Requests.sweepShard, (engine, ...request) => engine.sweepShard(...request));
  connection.onRequest(Requests.shutdown, () => { setImmediate(() => process.exit(0)); });
  connection.onClose(() => process.exit(0));
  connection.listen();
}

// The parent (the extension host, or a sweep's CLI for its workers) cancels requests and stops this process: Ctrl-C in a
// terminal signals the whole process group, and must not kill an engine mid-batch that its parent is cancelling.
process.on('SIGINT', () => undefined);
// A parent that is gone (killed, crashed) closes the IPC channel: nobody can read this engine's answers, so it stops.
process.on('disconnect', () => process.exit(0));
serve(createMessageConnection(new IPCMessageReader(process), new IPCMessageWriter(process)));
