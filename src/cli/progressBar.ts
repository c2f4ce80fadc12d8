// A terminal progress bar on stderr (stdout stays clean for --json), quiet when stderr is not a terminal.
import { SingleBar, Presets } from 'cli-progress';
import type { Progress } from '../protocol/progress';

export interface CliProgress { update(progress: Progress): void; stop(): void }

export function createProgressBar(label: string): CliProgress {
  if (!process.stderr.isTTY) {
    let lastLogged = -1;
    return {
      update: (p) => {
        const tenth = p.total ? Math.floor((p.done / p.total) * 10) : 0;
        if (tenth !== lastLogged) { lastLogged = tenth; process.stderr.write(`${label}: ${p.done}/${p.total}\n`); }
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} {percentage}% · eta {eta_formatted}`, stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  let started = false;
  return {
    update: (p) => {
      if (!started) { bar.start(p.total, p.done); started = true; } else bar.update(p.done);
    },
    stop: () => { if (started) bar.stop(); },
  };
}
