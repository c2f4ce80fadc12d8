// Error codes the engine returns over JSON-RPC, so the host can tell the user's mistakes from bugs.
export const ENGINE_ERROR_USER = -32001;
export const ENGINE_ERROR_CANCELLED = -32800; // LSP's RequestCancelled, which vscode-jsonrpc also uses
export const ENGINE_ERROR_INTERNAL = -32603;

export interface EngineErrorData { kind: 'user' | 'cancelled' | 'internal'; stack?: string }
