// The bench's child processes: each prints one JSON value last on stdout (on one line, or pretty-printed as the CLI's
// --json does); a crash is reported by its first error line.
import { spawnSync } from 'node:child_process';

export type ChildResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The last top-level JSON value in `stdout`: from the last line that opens with "{" to the end. */
function lastJsonValue(stdout: string): string {
  const lines = stdout.trimEnd().split('\n');
  const start = lines.map((line) => line.startsWith('{')).lastIndexOf(true);
  return start < 0 ? '' : lines.slice(start).join('\n');
}

/** Runs `command args` to completion and parses the JSON value it printed last. */
export function runJsonChild<T>(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): ChildResult<T> {
  const child = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28, env });
  if (child.error) return { ok: false, reason: child.error.message };
  const json = lastJsonValue(child.stdout);
  if (child.status !== 0 || !json) {
    const stderr = child.stderr.split('\n');
    const reason = stderr.find((line) => /Error/.test(line)) ?? stderr.filter((line) => line.trim()).pop() ?? `exit ${child.status}`;
    return { ok: false, reason: reason.trim() };
  }
  return { ok: true, value: JSON.parse(json) as T };
}
