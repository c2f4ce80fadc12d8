// Typed access to the webview API that VS Code injects as the global `acquireVsCodeApi`.

interface RawVsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): RawVsCodeApi;

/** The host connection of one panel: what it may post and what state it keeps. */
export interface HostConnection<Outgoing, State> {
  post(message: Outgoing): void;
  /** The saved state, when `parseState` accepts it. */
  savedState(): State | undefined;
  saveState(state: State): void;
}

/** Acquires the API once (VS Code allows one call per page) and types it for one panel kind. */
export function connectToHost<Outgoing, State>(parseState: (value: unknown) => State | null): HostConnection<Outgoing, State> {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    savedState: () => parseState(api.getState()) ?? undefined,
    saveState: (state) => api.setState(state),
  };
}
