// What the host remembers about engine crashes: the model loads in flight when one happened (those models are not
// re-opened automatically, since re-opening one would crash the next engine too) and how long to wait before the
// next start, doubling with each crash that follows soon after another. Pure, so it is tested without VS Code.

/** The wait before the first restart after a crash; each crash within CRASH_MEMORY_MS of the last doubles it. */
export const FIRST_RESTART_DELAY_MS = 1000;
export const MAX_RESTART_DELAY_MS = 30_000;
/** A crash this long after the previous one starts the count again. */
export const CRASH_MEMORY_MS = 60_000;

export interface CrashVerdict {
  /** The model paths whose load was in flight: the crash is theirs, and they are dropped from the re-open list. */
  suspects: string[];
  /** Crashes in a row, each within CRASH_MEMORY_MS of the one before. */
  crashesInARow: number;
}

export class EngineRestarts {
  private readonly loadsInFlight = new Map<string, number>();
  private crashesInARow = 0;
  private lastCrashAt = Number.NEGATIVE_INFINITY;

  /** Notes a model load sent to the engine; `endLoad` when its answer (or error) arrives. */
  beginLoad(modelPath: string): void {
    this.loadsInFlight.set(modelPath, (this.loadsInFlight.get(modelPath) ?? 0) + 1);
  }

  endLoad(modelPath: string): void {
    const count = (this.loadsInFlight.get(modelPath) ?? 0) - 1;
    if (count > 0) this.loadsInFlight.set(modelPath, count);
    else this.loadsInFlight.delete(modelPath);
  }

  /** An engine exit the host did not ask for, at time `now` (ms). */
  crashed(now: number): CrashVerdict {
    this.crashesInARow = now - this.lastCrashAt <= CRASH_MEMORY_MS ? this.crashesInARow + 1 : 1;
    this.lastCrashAt = now;
    const suspects = [...this.loadsInFlight.keys()];
    this.loadsInFlight.clear();
    return { suspects, crashesInARow: this.crashesInARow };
  }

  /** How long a start at `now` must still wait: none after a single crash, then 1 s, 2 s, 4 s … up to 30 s after the last crash. */
  startDelayMs(now: number): number {
    if (this.crashesInARow < 2 || now - this.lastCrashAt > CRASH_MEMORY_MS) return 0;
    const delay = Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** (this.crashesInARow - 2));
    return Math.max(0, this.lastCrashAt + delay - now);
  }
}
