// Progress of long work, as the engine reports it, the CLI draws it and the panels show it.

export interface Progress { done: number; total: number; message: string }
export type ProgressSink = (progress: Progress) => void;
