// Which tfjs backend the engine runs on, and why.
export const backendPreferences = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendPreference = (typeof backendPreferences)[number];

export interface BackendInfo {
  name: 'tensorflow' | 'wasm' | 'cpu';
  device: 'GPU' | 'CPU';
  /** GPU name when the tensorflow backend found one. */
  deviceName: string | null;
  /** Short label for the status bar, e.g. "TF.js wasm · CPU". */
  label: string;
  /** One line per backend tried, in order, saying what happened. */
  log: string[];
  tfjsVersion: string;
  /** Threads the backend computes with (wasm in Node: 1). */
  threads: number;
}
