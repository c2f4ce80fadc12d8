// A .h5 with a valid header and garbage inside makes HDF5 call abort() in h5wasm's wasm module (not the tfjs backend's):
// the user reads that the file is damaged (not "out of memory"), the CLI exits 2, and the next file reads normally.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { selectBackend } from '../../../src/engine/backend';
import { UserFacingError } from '../../../src/engine/errors';
import { loadClassifier } from '../../../src/engine/model/classifier';
import { h5wasmApi } from '../../../src/engine/model/hdf5';
import { EngineSession } from '../../../src/engine/session';
import { withTempDir } from '../../fixtures/model/tempDir';

const repo = resolve(__dirname, '..', '..', '..', '..');
const cli = join(repo, 'out', 'cli.js');
const fixture = join(repo, 'test', 'fixtures', 'keras', 'plaincnn.h5');
const DAMAGED = /plaincnn-damaged\.h5 is damaged: HDF5 could not read it \(Aborted\(.*\)\)\. Save or copy the model again\./;

/** The fixture with 256 zero bytes over its object headers at 2048: the superblock is intact, HDF5 aborts while reading. */
async function writeDamagedCopy(dir: string): Promise<string> {
  const bytes = await readFile(fixture);
  bytes.fill(0, 2048, 2048 + 256);
  const path = join(dir, 'plaincnn-damaged.h5');
  await writeFile(path, bytes);
  return path;
}

test('a .h5 whose body makes HDF5 abort is reported as damaged, and h5wasm reads the next file', async () => {
  await selectBackend('cpu');
  await withTempDir(async (dir) => {
    const damaged = await writeDamagedCopy(dir);
    for (let attempt = 0; attempt < 2; attempt++) {
      const instance = await h5wasmApi();
      await assert.rejects(loadClassifier(damaged), (err: unknown) => {
        assert.ok(err instanceof UserFacingError, `expected a UserFacingError, got ${String(err)}`);
        assert.equal(err.code, 'bad-input');
        assert.match(err.message, DAMAGED);
        return true;
      });
      assert.notEqual(await h5wasmApi(), instance, 'the aborted h5wasm instance is replaced by a fresh one');
      const good = await loadClassifier(fixture);
      assert.ok(good.inspection.numClasses > 1, 'the intact model loads after the abort');
      good.dispose();
    }
  });
});

test('the engine says the damaged file is damaged, not out of memory, and opens the intact one next', async () => {
  await withTempDir(async (dir) => {
    const damaged = await writeDamagedCopy(dir);
    const engine = await EngineSession.start({ backend: 'wasm', batchSize: 4 });
    await assert.rejects(engine.loadModel({ path: damaged }), (err: unknown) => {
      assert.match(String((err as Error).message), DAMAGED);
      assert.doesNotMatch(String((err as Error).message), /out of memory/);
      return true;
    });
    const loaded = await engine.loadModel({ path: fixture });
    assert.ok(loaded.inspection.numClasses > 1);
  });
});

test('the CLI exits 2 for the damaged file with the message', async () => {
  await withTempDir(async (dir) => {
    const damaged = await writeDamagedCopy(dir);
    const run = spawnSync(process.execPath, [cli, '--backend', 'cpu', 'inspect', damaged], { encoding: 'utf8' });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, DAMAGED);
    assert.doesNotMatch(run.stderr, /internal error|out of memory/);
  });
});
