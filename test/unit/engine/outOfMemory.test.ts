// A real WebAssembly abort: a model whose first layer's output at the requested batch is larger than the wasm backend's
// heap can grow to (16 × 512 × 512 × 256 floats ≈ 4.3 GB). The engine server answers the request with the batch size
// and the setting that lowers it, then exits so its host starts a fresh engine; the CLI says the same and exits 2.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter, ResponseError } from 'vscode-jsonrpc/node';
import { ENGINE_ERROR_USER } from '../../../src/protocol/errors';
import { Requests } from '../../../src/protocol/rpc';
import { ENGINE_EXIT_OUT_OF_MEMORY } from '../../../src/protocol/errors';
import { writeWideModel } from '../../fixtures/model/wideModel';
import { withTempDir } from '../../fixtures/model/tempDir';

const repo = resolve(__dirname, '..', '..', '..', '..');
const engineBundle = join(repo, 'out', 'engine.js');
const cli = join(repo, 'out', 'cli.js');
const sampleModel = join(repo, 'samples', 'models', 'baseline', 'model.json');
const sampleData = join(repo, 'samples', 'data');
const BATCH = 16;
const OUT_OF_MEMORY = new RegExp(`out of memory at batch ${BATCH}: lower robustnessLens\\.batchSize`);

/** The built engine server on the wasm backend, and its exit. */
function startEngine(): { child: ChildProcess; exited: Promise<number | null>; connection: ReturnType<typeof createMessageConnection> } {
  const child = fork(engineBundle, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  connection.listen();
  return { child, exited, connection };
}

test('an abort at a large batch answers "out of memory at batch N" and the engine exits for a restart', async () => {
  await withTempDir(async (dir) => {
    const wideModel = await writeWideModel(join(dir, 'wide'));
    const { child, exited, connection } = startEngine();
    try {
      await connection.sendRequest(Requests.initialize, { backend: 'wasm', batchSize: BATCH });
      const { modelId } = await connection.sendRequest(Requests.loadModel, { path: wideModel });
      const failure = await connection.sendRequest(Requests.predict, {
        modelId, data: sampleData, topK: 1, limit: BATCH, includeProbabilities: false, includeThumbnails: false, progressToken: 'oom',
      }).then(() => null, (err: unknown) => err);
      assert.ok(failure instanceof ResponseError, `the request should fail, got ${String(failure)}`);
      assert.equal(failure.code, ENGINE_ERROR_USER, failure.message);
      assert.match(failure.message, OUT_OF_MEMORY);
      assert.equal(await exited, ENGINE_EXIT_OUT_OF_MEMORY);
    } finally {
      connection.dispose();
      child.kill();
    }
  });
});

test('an engine that has not aborted keeps serving after a request fails for bad input', async () => {
  const { child, exited, connection } = startEngine();
  try {
    await connection.sendRequest(Requests.initialize, { backend: 'wasm', batchSize: BATCH });
    const { modelId } = await connection.sendRequest(Requests.loadModel, { path: sampleModel });
    const params = { modelId, topK: 1, limit: 4, includeProbabilities: false, includeThumbnails: false, progressToken: 'p' };
    await assert.rejects(connection.sendRequest(Requests.predict, { ...params, data: join(sampleData, 'missing') }));
    const record = await connection.sendRequest(Requests.predict, { ...params, data: sampleData });
    assert.equal(record.results.predictions.length, 4);
    assert.equal(child.exitCode, null);
  } finally {
    connection.dispose();
    child.kill();
    await exited;
  }
});

test('the CLI reports the abort as out of memory at the batch size and exits 2, not as an internal error', async () => {
  await withTempDir(async (dir) => {
    const wideModel = await writeWideModel(join(dir, 'wide'));
    const run = spawnSync(process.execPath, [cli, '--backend', 'wasm', '--batch-size', String(BATCH), 'predict', wideModel, sampleData, '--limit', String(BATCH)], { encoding: 'utf8' });
    assert.match(run.stderr, OUT_OF_MEMORY);
    assert.doesNotMatch(run.stderr, /internal error/);
    assert.equal(run.status, 2, run.stderr);
  });
});
