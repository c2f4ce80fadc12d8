// What the .vsix ships (issue 18): `vsce package` for linux-x64 from the built tree, then its zip directory is read.
// Only linux-x64 native binaries go in, everything apart from the native runtime libraries fits in 12 MB, no source
// maps, typings or browser builds ship, and the engine unpacked from the package answers requests on the bundled sample,
// an ONNX model and a Keras model.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, fork } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import { Requests } from '../../../src/protocol/rpc';
import { withTempDir } from '../../fixtures/model/tempDir';

const repo = resolve(__dirname, '..', '..', '..', '..');
const MB = 1024 * 1024;
const NON_NATIVE_LIMIT = 12 * MB;

interface ZipEntry { name: string; compressedSize: number; size: number }

/** The entries of a zip's central directory (APPNOTE 4.3.12 and 4.3.16; no ZIP64, which vsce writes only past 4 GB). */
function zipEntries(zip: Buffer): ZipEntry[] {
  const endOfDirectory = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(endOfDirectory >= 0, 'no end of central directory record');
  const count = zip.readUInt16LE(endOfDirectory + 10);
  let at = zip.readUInt32LE(endOfDirectory + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'central directory header signature');
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({ name: zip.toString('utf8', at + 46, at + 46 + nameLength), compressedSize: zip.readUInt32LE(at + 20), size: zip.readUInt32LE(at + 24) });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** A native runtime library or Node addon: its platform must be the package's. */
const isNative = (name: string): boolean => /\.(node|so(\.\d+)*|dll|dylib)$/.test(name);
const forLinuxX64 = (name: string): boolean => /linux[-/]x64/.test(name);

function packageVsix(out: string): Buffer {
  execFileSync(join(repo, 'node_modules', '.bin', 'vsce'), ['package', '--target', 'linux-x64', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', out], { cwd: repo, stdio: 'ignore' });
  return readFileSync(out);
}

function unpack(zip: Buffer, dir: string): string {
  for (const [name, data] of Object.entries(unzipSync(zip))) {
    if (name.endsWith('/')) continue;
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), data);
  }
  return join(dir, 'extension');
}

test('the linux-x64 package ships only its own native binaries, fits 12 MB apart from them, and its engine runs', { timeout: 240_000 }, async () => {
  await withTempDir(async (dir) => {
    const zip = packageVsix(join(dir, 'robustness-lens.vsix'));
    const entries = zipEntries(zip);
    const native = entries.filter((e) => isNative(e.name));
    const nonNativeBytes = entries.filter((e) => !isNative(e.name)).reduce((sum, e) => sum + e.compressedSize, 0);
    const unpackedBytes = entries.reduce((sum, e) => sum + e.size, 0);
    console.log(`vsix: ${(zip.length / MB).toFixed(2)} MB, ${entries.length} files, ${(unpackedBytes / MB).toFixed(2)} MB unpacked; `
      + `${(nonNativeBytes / MB).toFixed(2)} MB (compressed) apart from ${native.length} native libraries:`);
    for (const e of native) console.log(`  ${e.name} ${(e.size / MB).toFixed(2)} MB`);

    assert.deepEqual(native.filter((e) => !forLinuxX64(e.name)).map((e) => e.name), [], 'native binaries of another platform');
    assert.ok(nonNativeBytes <= NON_NATIVE_LIMIT, `${(nonNativeBytes / MB).toFixed(2)} MB apart from native libraries (limit 12 MB)`);
    const unwanted = entries.filter((e) => /\.map$|\.d\.[cm]?ts$|tfjs-backend-webgl|h5wasm\/dist\/(iife|esm)|\/src\/|\/test\//.test(e.name));
    assert.deepEqual(unwanted.map((e) => e.name), [], 'source maps, typings, browser builds, sources or tests');
    for (const required of ['extension/out/engine.js', 'extension/out/reports.js', 'extension/out/corrupt-dataset-worker.js', 'extension/out/tfjs-backend-wasm-simd.wasm', 'extension/out/webview/sweep.js', 'extension/node_modules/h5wasm/dist/node/hdf5_util.js']) {
      assert.ok(entries.some((e) => e.name === required), `${required} ships`);
    }

    const extension = unpack(zip, join(dir, 'unpacked'));
    const child = fork(join(extension, 'out', 'engine.js'), [], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const exited = new Promise<never>((_, reject) => child.on('exit', (code) => reject(new Error(`the packaged engine exited (${code}): ${stderr}`))));
    const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    connection.listen();
    const answer = <T>(request: Promise<T>): Promise<T> => Promise.race([request, exited]);
    try {
      const backend = await answer(connection.sendRequest(Requests.initialize, { backend: 'wasm', batchSize: 4 }));
      assert.equal(backend.name, 'wasm');
      const models = [join(extension, 'samples', 'models', 'baseline', 'model.json'), join(repo, 'test', 'fixtures', 'cam-oracles', 'twoconv.onnx'), join(repo, 'test', 'fixtures', 'keras', 'densenet.h5')];
      for (const path of models) {
        const { modelId } = await answer(connection.sendRequest(Requests.loadModel, { path }));
        const record = await answer(connection.sendRequest(Requests.predict, {
          modelId, data: join(extension, 'samples', 'data'), topK: 1, limit: 2, includeProbabilities: false, includeThumbnails: false, progressToken: 'p',
        }));
        assert.equal(record.results.predictions.length, 2, path);
      }
    } finally {
      connection.dispose();
      exited.catch(() => undefined);
      child.kill();
    }
  });
});
