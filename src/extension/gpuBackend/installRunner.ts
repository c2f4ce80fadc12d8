// Runs an installer command (npm) with a time limit and cancellation. Its output arrives line by line; when it
// must stop, its whole process tree goes, so a download that an install script started cannot outlive it.
import { spawn, type ChildProcess } from 'node:child_process';
import { LineSplitter } from './lineSplitter';

export type InstallerEnd =
  | { reason: 'succeeded' }
  | { reason: 'failed'; exitCode: number | null; signal: NodeJS.Signals | null }
  | { reason: 'timedOut'; limitMs: number }
  | { reason: 'cancelled' }
  | { reason: 'couldNotStart'; message: string };

export type InstallerFailure = Exclude<InstallerEnd, { reason: 'succeeded' }>;

export interface InstallerResult {
  end: InstallerEnd;
  elapsedMs: number;
  /** The last output lines (both streams, in order of arrival), for an error message. */
  lastLines: string[];
}

export interface InstallerOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

const LAST_LINES_KEPT = 60;
/** How long the tree has to exit after SIGTERM before it gets SIGKILL. */
const KILL_GRACE_MS = 3000;
/** How long to wait for the output pipes to close once a stopped process has exited. */
const PIPE_CLOSE_WAIT_MS = 2000;

export function runInstaller(command: string, args: readonly string[], options: InstallerOptions): Promise<InstallerResult> {
  const started = Date.now();
  const lastLines: string[] = [];
  return new Promise((resolve) => {
    // Never through a shell, where an argument could become a command (npmInstallCommand.ts runs npm's JavaScript with
    // Node on Windows, where npm.cmd would need cmd.exe).
    // On POSIX the child leads its own process group, so one kill reaches npm, its scripts and their downloads.
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env, shell: false, detached: process.platform !== 'win32', windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const splitters = (['stdout', 'stderr'] as const).map((stream) => {
      const splitter = new LineSplitter((line) => {
        lastLines.push(line);
        if (lastLines.length > LAST_LINES_KEPT) lastLines.shift();
        options.onLine?.(line, stream);
      });
      child[stream]?.setEncoding('utf8');
      child[stream]?.on('data', (chunk: string) => splitter.push(chunk));
      return splitter;
    });

    let stopping: 'timedOut' | 'cancelled' | null = null;
    let settled = false;
    const finish = (end: InstallerEnd) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      for (const splitter of splitters) splitter.flush();
      resolve({ end, elapsedMs: Date.now() - started, lastLines });
    };
    const stop = (why: 'timedOut' | 'cancelled') => {
      if (stopping || settled) return;
      stopping = why;
      killTree(child);
    };
    const onAbort = () => stop('cancelled');
    const timer = setTimeout(() => stop('timedOut'), options.timeoutMs);

    child.on('error', (err) => finish({ reason: 'couldNotStart', message: err.message }));
    child.on('exit', () => {
      // A stopped process whose pipes stay open (a descendant that left the group) must not hold the result back.
      if (stopping) setTimeout(() => { child.stdout?.destroy(); child.stderr?.destroy(); }, PIPE_CLOSE_WAIT_MS).unref();
    });
    child.on('close', (code, signal) => {
      if (stopping === 'timedOut') finish({ reason: 'timedOut', limitMs: options.timeoutMs });
      else if (stopping === 'cancelled') finish({ reason: 'cancelled' });
      else if (code === 0) finish({ reason: 'succeeded' });
      else finish({ reason: 'failed', exitCode: code, signal });
    });
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Ends the process and everything it started: its process group on POSIX, `taskkill /T` on Windows. */
function killTree(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return;
  if (process.platform === 'win32') {
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' }).on('error', () => child.kill());
    return;
  }
  signalGroup(pid, 'SIGTERM');
  setTimeout(() => signalGroup(pid, 'SIGKILL'), KILL_GRACE_MS).unref();
}

function signalGroup(leaderPid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-leaderPid, signal);
  } catch {
    // The group is already gone.
  }
}
