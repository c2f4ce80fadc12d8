// Faults in sweeps on worker processes, as a user meets them: Ctrl-C in a terminal (SIGINT to the whole process group), a
// worker killed mid-sweep, the CLI killed under its workers, and two sweeps saving predictions to the same file. Each runs
// the built CLI (out/cli.js) as a child process in its own process group; waits key on its output and fail rather than hang.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { withTempDir } from '../../fixtures/model/tempDir';
import { writeColourDataset, writeTinyModel } from '../../fixtures/model/sweepFixture';

const repo = resolve(__dirname, '..', '..', '..', '..');
const cli = join(repo, 'out', 'cli.js');
/** How long any wait may take before the test fails: far above a sweep's run time on a loaded machine. */
const PATIENCE_MS = 180_000;
const BATCH_SIZE = 4;
const WORKERS = 2;

interface Exit { code: number | null; signal: NodeJS.Signals | null }

/** A CLI run in its own process group (as a terminal runs a command), its output collected as it comes. */
class CliRun {
  stdout = '';
  stderr = '';
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;
  private done = false;
  private readonly listeners = new Set<() => void>();

  constructor(args: readonly string[]) {
    this.child = spawn(process.execPath, [cli, '--backend', 'wasm', '--batch-size', String(BATCH_SIZE), ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (chunk: Buffer) => { this.stdout += chunk.toString(); this.notify(); });
    this.child.stderr?.on('data', (chunk: Buffer) => { this.stderr += chunk.toString(); this.notify(); });
    this.exited = new Promise((resolveExit) => this.child.on('close', (code, signal) => { this.done = true; this.notify(); resolveExit({ code, signal }); }));
  }

  get pid(): number {
    return this.child.pid as number;
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  /** Resolves once `ready()` holds, checked at each output and every 100 ms; rejects if the CLI exits first or the wait runs past PATIENCE_MS. */
  waitFor(what: string, ready: () => boolean): Promise<void> {
    return new Promise((resolveWait, rejectWait) => {
      const check = (): void => {
        if (ready()) finish();
        else if (this.done) finish(new Error(`The CLI exited before ${what}.\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`));
      };
      const timer = setTimeout(() => finish(new Error(`Waited too long for ${what}.\nstderr:\n${this.stderr}`)), PATIENCE_MS);
      const poll = setInterval(check, 100);
      const finish = (err?: Error): void => {
        clearTimeout(timer);
        clearInterval(poll);
        this.listeners.delete(check);
        if (err) rejectWait(err); else resolveWait();
      };
      this.listeners.add(check);
      check();
    });
  }

  /** The largest fraction of the sweep's forward passes the progress lines ("sweep: done/total") have reported. */
  progress(): number {
    return Math.max(0, ...[...this.stderr.matchAll(/^sweep: (\d+)\/(\d+)$/gm)].map((m) => Number(m[1]) / Number(m[2])));
  }

  /** The exit, or a failure (after killing the whole group) if it does not come within PATIENCE_MS. */
  async exit(): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, rejectExit) => {
      timer = setTimeout(() => rejectExit(new Error(`The CLI did not exit (it hangs).\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`)), PATIENCE_MS);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Kills whatever is left of the group (the CLI and any worker), so that a failed test leaves no process behind. */
  killGroup(): void {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
  }
}

/** Pids of the processes whose parent is `pid` (Linux /proc): the CLI's sweep workers. */
function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may hold spaces and parentheses, so fields are counted after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(name));
    } catch {
      // The process ended while the folder was read.
    }
  }
  return children;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves once none of `pids` is alive; fails after PATIENCE_MS. */
async function waitUntilGone(pids: readonly number[]): Promise<void> {
  for (let waited = 0; pids.some(isAlive); waited += 100) {
    if (waited > PATIENCE_MS) assert.fail(`processes ${pids.filter(isAlive).join(', ')} are still running`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Fixture { model: string; data: string; images: number }

/** Conditions of the sweep below: clean, 3 corruptions × 5 severities and the 2 built-in OOD noise sets. */
const CONDITIONS = 18;

/**
 * A tiny model and 192 images: 24 batches of 4 per worker, so a part runs for seconds and there is time to act in it (a
 * signal, a kill) long before it ends, even on a fast machine.
 */
async function fixture(dir: string): Promise<Fixture> {
  return { model: await writeTinyModel(dir, 'm', 3), data: await writeColourDataset(dir, 64), images: 192 };
}

function sweepArgs(f: Fixture, ...extra: string[]): string[] {
  return ['sweep', f.model, '--data', f.data, '--corruptions', 'gaussian_noise,contrast,fog', '--seed', '2', '--workers', String(WORKERS), ...extra];
}

interface PartialRecord { results: { partial: boolean; imageCount: number; plannedImageCount: number; predictionsFile: string | null } }

function onlyRecord(runs: string): PartialRecord {
  const folders = readdirSync(runs);
  assert.equal(folders.length, 1, `one run folder in ${runs}`);
  return JSON.parse(readFileSync(join(runs, folders[0], 'record.json'), 'utf8')) as PartialRecord;
}

function jsonLines(file: string): Array<{ condition: string; image: string }> {
  return readFileSync(file, 'utf8').trim().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { condition: string; image: string });
}

/** Sends `signal` once a third of the passes are reported (so some batch of some worker has finished) and checks the cancelled run. */
async function cancelledSweep(dir: string, send: (run: CliRun) => void): Promise<void> {
  const f = await fixture(dir);
  const runs = join(dir, 'runs');
  const predictions = join(dir, 'out', 'predictions.jsonl');
  const run = new CliRun(sweepArgs(f, '--runs', runs, '--save-predictions', predictions));
  try {
    await run.waitFor('a third of the sweep', () => run.progress() >= 1 / 3);
    send(run);
    const { code } = await run.exit();
    assert.equal(code, 130, `exit code\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
    assert.match(run.stdout, /^Model\s+Clean/m, 'the partial table is printed');
    const { results } = onlyRecord(runs);
    assert.equal(results.partial, true);
    assert.ok(results.imageCount > 0 && results.imageCount < f.images && results.imageCount % BATCH_SIZE === 0, `whole batches, got ${results.imageCount}`);
    assert.match(run.stdout, new RegExp(`^Cancelled: the numbers below cover the ${results.imageCount} of ${f.images} images that finished every condition\\.$`, 'm'));
    assert.match(run.stderr, new RegExp(`^error: Cancelled; the results above cover the ${results.imageCount} of ${f.images} images that finished every condition\\.$`, 'm'));
    // The finished batches' predictions are joined into the requested file, and no worker's temporary file is left.
    const clean = new Set(jsonLines(predictions).filter((row) => row.condition === 'clean').map((row) => row.image));
    assert.equal(clean.size, results.imageCount);
    assert.deepEqual(readdirSync(join(dir, 'out')), ['predictions.jsonl']);
  } finally {
    run.killGroup();
  }
}

test('Ctrl-C in a terminal (SIGINT to the process group) keeps the finished batches, prints the partial table and exits 130', { timeout: 2 * PATIENCE_MS }, async () => {
  await withTempDir((dir) => cancelledSweep(dir, (run) => process.kill(-run.pid, 'SIGINT')));
});

test('SIGINT to the CLI alone cancels a sweep on workers the same way, exit 130', { timeout: 2 * PATIENCE_MS }, async () => {
  await withTempDir((dir) => cancelledSweep(dir, (run) => process.kill(run.pid, 'SIGINT')));
});

test('a worker killed mid-sweep has its part re-run on a new worker; the sweep finishes whole', { timeout: 2 * PATIENCE_MS }, async () => {
  await withTempDir(async (dir) => {
    const f = await fixture(dir);
    const runs = join(dir, 'runs');
    const run = new CliRun(sweepArgs(f, '--runs', runs));
    try {
      await run.waitFor('the workers to report progress', () => run.progress() > 0);
      const workers = childPids(run.pid);
      assert.equal(workers.length, WORKERS, `the CLI's worker processes: ${workers.join(', ')}`);
      process.kill(workers[1], 'SIGKILL');
      const { code } = await run.exit();
      assert.equal(code, 0, run.stderr);
      assert.match(run.stderr, /Sweep worker [0-9] stopped \(killed by SIGKILL\); re-running its part on a new worker\./);
      const { results } = onlyRecord(runs);
      assert.equal(results.partial, false);
      assert.equal(results.imageCount, f.images);
      assert.match(run.stdout, new RegExp(`^Images: ${f.images}$`, 'm'));
    } finally {
      run.killGroup();
    }
  });
});

test('a part whose re-run worker dies too fails the sweep with the reason (exit 1), and leaves no temporary file', { timeout: 2 * PATIENCE_MS }, async () => {
  await withTempDir(async (dir) => {
    const f = await fixture(dir);
    const out = join(dir, 'out');
    const run = new CliRun(sweepArgs(f, '--save-predictions', join(out, 'predictions.jsonl')));
    try {
      await run.waitFor('the workers to report progress', () => run.progress() > 0);
      const first = childPids(run.pid);
      assert.equal(first.length, WORKERS);
      process.kill(first[0], 'SIGKILL');
      const replacement = (): number | undefined => childPids(run.pid).find((pid) => !first.includes(pid));
      await run.waitFor('a new worker', () => replacement() !== undefined);
      process.kill(replacement() as number, 'SIGKILL');
      const { code } = await run.exit();
      assert.equal(code, 1, run.stderr);
      assert.match(run.stderr, /^internal error: Sweep worker [0-9] stopped \(killed by SIGKILL\) again after its part was re-run on a new worker; the sweep cannot finish\.$/m);
      assert.deepEqual(readdirSync(out), [], 'the workers\' temporary files are removed');
    } finally {
      run.killGroup();
    }
  });
});

test('killing the CLI stops its workers before they finish their parts', { timeout: 2 * PATIENCE_MS }, async () => {
  await withTempDir(async (dir) => {
    const f = await fixture(dir);
    const out = join(dir, 'out');
    const run = new CliRun(sweepArgs(f, '--save-predictions', join(out, 'predictions.jsonl')));
    try {
      await run.waitFor('the workers to report progress', () => run.progress() > 0);
      const workers = childPids(run.pid);
      assert.equal(workers.length, WORKERS);
      process.kill(run.pid, 'SIGKILL');
      await waitUntilGone(workers);
      // Each worker appends a batch's rows to its own file as the batch finishes: a worker that ran its part to the end
      // would have written all of its images.
      const files = readdirSync(out);
      assert.equal(files.length, WORKERS, `the workers' files: ${files.join(', ')}`);
      for (const file of files) {
        const images = new Set(jsonLines(join(out, file)).map((row) => row.image));
        assert.ok(images.size < f.images / WORKERS, `${file} holds ${images.size} images: its worker went on after the CLI was killed`);
      }
    } finally {
      run.killGroup();
    }
  });
});

test('two sweeps saving predictions to the same file both finish, and the file holds one run\'s rows', { timeout: 2 * PATIENCE_MS }, async () => {
  await withTempDir(async (dir) => {
    const f = await fixture(dir);
    const out = join(dir, 'out');
    const predictions = join(out, 'predictions.jsonl');
    const runs = [new CliRun(sweepArgs(f, '--save-predictions', predictions)), new CliRun(sweepArgs(f, '--save-predictions', predictions))];
    try {
      for (const run of runs) assert.equal((await run.exit()).code, 0, run.stderr);
      const rows = jsonLines(predictions);
      // One row per image and condition, each once.
      assert.equal(rows.length, f.images * CONDITIONS);
      assert.equal(new Set(rows.map((row) => `${row.condition} ${row.image}`)).size, rows.length, 'no duplicated row');
      assert.deepEqual(readdirSync(out), ['predictions.jsonl'], 'no temporary file is left');
    } finally {
      for (const run of runs) run.killGroup();
    }
  });
});
