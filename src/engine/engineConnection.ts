// One engine process seen from the process that started it: forked with an IPC channel, spoken to in JSON-RPC
// (protocol/rpc.ts), its progress routed by token, and its failures read back as the server sent them (server.ts). The
// extension's engine client and the sweep's worker pool both start engines through this module.
import { fork, type ChildProcess } from 'node:child_process';
import { ErrorCodes, IPCMessageReader, IPCMessageWriter, ResponseError, createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node';
import { ENGINE_ERROR_CANCELLED, ENGINE_ERROR_USER, type EngineErrorData } from '../protocol/errors';
import { Notifications, type ProgressParams } from '../protocol/rpc';

export interface EngineProcessOptions {
  /** out/engine.js. */
  entry: string;
  cwd?: string;
  env: NodeJS.ProcessEnv;
  execArgv: string[];
  /** Where the engine's stdout goes: piped to the caller, or dropped. Its stderr is always piped. */
  stdout: 'pipe' | 'ignore';
}

export interface EngineProcess {
  child: ChildProcess;
  connection: MessageConnection;
  /** Routes the engine's progress notifications of `token` to `sink` until the returned function is called. */
  onProgress(token: string, sink: (progress: ProgressParams) => void): () => void;
}

/** Forks an engine and opens its JSON-RPC connection over the IPC channel, listening. */
export function startEngineProcess(options: EngineProcessOptions): EngineProcess {
  const child = fork(options.entry, [], { cwd: options.cwd, env: options.env, execArgv: options.execArgv, stdio: ['ignore', options.stdout, 'pipe', 'ipc'] });
  const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  const sinks = new Map<string, (progress: ProgressParams) => void>();
  connection.onNotification(Notifications.progress, (p) => sinks.get(p.token)?.(p));
  connection.listen();
  return {
    child, connection,
    onProgress: (token, sink) => {
      sinks.set(token, sink);
      return () => { if (sinks.get(token) === sink) sinks.delete(token); };
    },
  };
}

/** Why an engine request failed: the user's mistake, a cancellation, the engine's own fault (with its stack), or the engine gone. */
export type EngineFailure =
  | { kind: 'user' | 'cancelled'; message: string }
  | { kind: 'internal'; message: string; stack: string | null }
  | { kind: 'gone' }
  | { kind: 'other'; error: Error };

/** Reads a failed request's error as the engine server sent it (server.ts toResponseError), or as the connection failed it. */
export function engineFailure(err: unknown): EngineFailure {
  // A request pending when the engine died is rejected by the connection itself, as a ResponseError with this code.
  if (err instanceof ResponseError && err.code === ErrorCodes.PendingResponseRejected) return { kind: 'gone' };
  if (err instanceof ResponseError) {
    const data = err.data as EngineErrorData | undefined;
    if (err.code === ENGINE_ERROR_CANCELLED || data?.kind === 'cancelled') return { kind: 'cancelled', message: err.message };
    if (err.code === ENGINE_ERROR_USER) return { kind: 'user', message: err.message };
    return { kind: 'internal', message: err.message, stack: data?.stack ?? null };
  }
  if (err instanceof Error && /connection (got disposed|is closed)|Pending response rejected/i.test(err.message)) return { kind: 'gone' };
  return { kind: 'other', error: err instanceof Error ? err : new Error(String(err)) };
}
