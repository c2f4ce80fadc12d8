// Errors meant for the user: the message says what is wrong and what to do, with no stack needed.
export class UserFacingError extends Error {
  constructor(message: string, readonly code: UserErrorCode = 'bad-input') {
    super(message);
    this.name = 'UserFacingError';
  }
}

export type UserErrorCode = 'bad-input' | 'unsupported' | 'not-found' | 'too-large' | 'cancelled';

export function isUserFacingError(err: unknown): err is UserFacingError {
  return err instanceof UserFacingError;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The first line of an error's message, for one-line logs. */
export function firstLine(err: unknown): string {
  return errorMessage(err).split('\n')[0];
}

/** A WebAssembly trap (Emscripten's Aborted(), an out-of-bounds access) or a failed wasm memory allocation: after one, the module's heap is unusable until the process restarts. */
export function isWasmAbort(err: unknown): boolean {
  if (err instanceof WebAssembly.RuntimeError) return true;
  return err instanceof RangeError && /WebAssembly\.Memory|Array buffer allocation failed/i.test(err.message);
}

/** A wasm abort while the engine computed or loaded: `summary` says where and what to do; the engine process exits after answering. */
export class OutOfMemoryError extends UserFacingError {
  constructor(summary: string, cause: unknown) {
    super(`${summary}. The engine restarts; the backend said: ${firstLine(cause)}`, 'too-large');
    this.name = 'OutOfMemoryError';
  }
}

/** The summary for an abort while computing batches of `batchSize` images. */
export function outOfMemoryAtBatch(batchSize: number): string {
  return `out of memory at batch ${batchSize}: lower robustnessLens.batchSize (--batch-size on the command line)`;
}

export function isOutOfMemoryError(err: unknown): err is OutOfMemoryError {
  return err instanceof OutOfMemoryError;
}
