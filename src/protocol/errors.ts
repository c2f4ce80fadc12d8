// Error codes the engine returns over JSON-RPC, so the host can tell the user's mistakes from bugs.
export const ENGINE_ERROR_USER = -32001;
export const ENGINE_ERROR_CANCELLED = -32800; // LSP's RequestCancelled, which vscode-jsonrpc also uses
export const ENGINE_ERROR_INTERNAL = -32603;

/** The exit status of an engine process that stopped itself after a WebAssembly abort, so its host starts a fresh one. */
export const ENGINE_EXIT_OUT_OF_MEMORY = 3;

export interface EngineErrorData { kind: 'user' | 'cancelled' | 'internal'; stack?: string }
