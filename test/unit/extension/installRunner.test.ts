// The installer runner with real child processes: output lines, exit reasons, the time limit and cancellation,
// and that stopping it leaves no descendant running.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runInstaller, type InstallerResult } from '../../../src/extension/gpuBackend/installRunner';

/** Runs `node -e script`. */
function runNode(script: string, options: Partial<Parameters<typeof runInstaller>[2]> = {}): Promise<InstallerResult> {
  return runInstaller(process.execPath, ['-e', script], { timeoutMs: 20000, ...options });
}

/** A script that starts a grandchild (which keeps running), prints its pid, then waits forever. */
function parentOfSleeper(grandchildIgnoresSigterm = false): string {
  const grandchild = `${grandchildIgnoresSigterm ? "process.on('SIGTERM', () => {});" : ''} setInterval(() => {}, 1000);`;
  return `const c = require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: 'inherit' });
console.log('grandchild ' + c.pid); setInterval(() => {}, 1000);`;
}

function grandchildPid(result: InstallerResult): number {
  const line = result.lastLines.find((l) => l.startsWith('grandchild '));
  assert.ok(line, `no grandchild line in ${JSON.stringify(result.lastLines)}`);
  return Number(line.split(' ')[1]);
}

/** True while the process exists and is not a zombie waiting for a parent that no longer reaps it. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return true;
  }
}

async function assertGone(pid: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (isRunning(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(isRunning(pid), false, `process ${pid} is still running`);
}

test('a command that succeeds reports its lines from both streams, the last one without a line break too', async () => {
  const seen: string[] = [];
  const result = await runNode("console.log('one'); console.error('two'); process.stdout.write('three')", { onLine: (line, stream) => seen.push(`${stream}:${line}`) });
  assert.deepEqual(result.end, { reason: 'succeeded' });
  assert.ok(seen.includes('stdout:one') && seen.includes('stderr:two') && seen.includes('stdout:three'), seen.join(' | '));
});

test('a progress bar that redraws with carriage returns gives one line per redraw', async () => {
  const seen: string[] = [];
  await runNode("process.stdout.write('[=  ] 10%\\r[== ] 50%\\r[===] 100%\\n')", { onLine: (line) => seen.push(line) });
  assert.deepEqual(seen, ['[=  ] 10%', '[== ] 50%', '[===] 100%']);
});

test('a failing command reports its exit code and keeps its last lines', async () => {
  const result = await runNode("console.error('Error: getaddrinfo ENOTFOUND storage.googleapis.com'); process.exit(3)");
  assert.deepEqual(result.end, { reason: 'failed', exitCode: 3, signal: null });
  assert.deepEqual(result.lastLines, ['Error: getaddrinfo ENOTFOUND storage.googleapis.com']);
});

test('a command that does not exist could not start', async () => {
  const result = await runInstaller('/nonexistent/npm', ['install'], { timeoutMs: 5000 });
  assert.equal(result.end.reason, 'couldNotStart');
});

test('the time limit stops a hung command and the process it started', async () => {
  const result = await runNode(parentOfSleeper(), { timeoutMs: 1500 });
  assert.deepEqual(result.end, { reason: 'timedOut', limitMs: 1500 });
  assert.ok(result.elapsedMs >= 1500 && result.elapsedMs < 10000, `took ${result.elapsedMs} ms`);
  await assertGone(grandchildPid(result));
});

test('a descendant that ignores SIGTERM is killed after the grace period', async () => {
  const result = await runNode(parentOfSleeper(true), { timeoutMs: 1000 });
  assert.equal(result.end.reason, 'timedOut');
  await assertGone(grandchildPid(result));
});

test('cancelling stops the command and the process it started', async () => {
  const abort = new AbortController();
  const result = await runNode(parentOfSleeper(), { signal: abort.signal, onLine: (line) => { if (line.startsWith('grandchild ')) abort.abort(); } });
  assert.deepEqual(result.end, { reason: 'cancelled' });
  assert.ok(result.elapsedMs < 10000, `took ${result.elapsedMs} ms`);
  await assertGone(grandchildPid(result));
});

test('a signal aborted before the start cancels at once', async () => {
  const abort = new AbortController();
  abort.abort();
  const result = await runNode('setInterval(() => {}, 1000)', { signal: abort.signal });
  assert.deepEqual(result.end, { reason: 'cancelled' });
});
