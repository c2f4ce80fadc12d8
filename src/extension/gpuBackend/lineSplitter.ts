// Turns chunks of a process's output into lines. A carriage return ends a line too, so a progress bar that
// redraws one line yields each redraw as a line of its own.
export class LineSplitter {
  private pending = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    const parts = (this.pending + chunk).split(/\r\n|\r|\n/);
    this.pending = parts.pop() ?? '';
    for (const part of parts) this.emit(part);
  }

  /** Emits what is left after the last line break (the stream has ended). */
  flush(): void {
    this.emit(this.pending);
    this.pending = '';
  }

  private emit(line: string): void {
    const trimmed = line.trimEnd();
    if (trimmed.trim()) this.onLine(trimmed);
  }
}
