// What the install shows while it runs and when it fails, from npm's real output.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { failureMessage, failureSummary, formatElapsed, progressText } from '../../../src/extension/gpuBackend/installMessages';

// The end of `npm install @tensorflow/tfjs-node-gpu@4.22.0 --foreground-scripts` where storage.googleapis.com is unreachable.
const OFFLINE_INSTALL = [
  '> @tensorflow/tfjs-node-gpu@4.22.0 install',
  '> node scripts/install.js gpu download',
  'GPU-linux-4.22.0.tar.gz',
  '* Downloading libtensorflow',
  'https://storage.googleapis.com/tensorflow/libtensorflow/libtensorflow-gpu-linux-x86_64-2.9.1.tar.gz',
  'node:events:502',
  'throw er; // Unhandled \'error\' event',
  'Error: getaddrinfo ENOTFOUND storage.googleapis.com',
  'at GetAddrInfoReqWrap.onlookupall [as oncomplete] (node:dns:122:26)',
  'Node.js v20.20.2',
  'npm error code 1',
  'npm error path /storage/gpu-backend/node_modules/@tensorflow/tfjs-node-gpu',
  'npm error command failed',
  'npm error command sh -c node scripts/install.js gpu download',
  'npm error A complete log of this run can be found in: /root/.npm/_logs/debug-0.log',
];

test('npm\'s warnings say nothing; fetches name the package; long lines are shortened', () => {
  assert.equal(progressText('npm warn Unknown user config "nodedir".'), null);
  assert.equal(progressText('npm http fetch GET 200 https://registry.npmjs.org/@tensorflow%2ftfjs-core/-/tfjs-core-4.22.0.tgz 812ms (cache miss)'), 'Fetched tfjs-core-4.22.0.tgz');
  assert.equal(progressText('npm http fetch GET 200 https://registry.npmjs.org/@tensorflow%2ftfjs-node-gpu 300ms'), 'Fetched @tensorflow/tfjs-node-gpu');
  assert.equal(progressText('npm http cache rimraf@https://registry.npmjs.org/rimraf/-/rimraf-3.0.2.tgz 0ms (cache hit)'), 'Fetched rimraf-3.0.2.tgz');
  assert.equal(progressText('* Downloading libtensorflow'), '* Downloading libtensorflow');
  assert.equal(progressText('x'.repeat(300))?.length, 100);
});

test('elapsed time reads as seconds, then minutes and seconds', () => {
  assert.equal(formatElapsed(4999), '4s');
  assert.equal(formatElapsed(125_000), '2m 05s');
});

test('a failed install is summed up by the error it threw, not by npm\'s closing lines', () => {
  assert.equal(failureSummary(OFFLINE_INSTALL), 'Error: getaddrinfo ENOTFOUND storage.googleapis.com');
  assert.equal(failureSummary(['npm error code E404', 'npm error 404 Not Found - GET https://registry.npmjs.org/nope', 'npm error A complete log of this run can be found in: x']), '404 Not Found - GET https://registry.npmjs.org/nope');
  assert.equal(failureSummary([]), null);
});

test('where the prebuilt binding is missing from a mirror, the 404 is the reason, not the compile that followed', () => {
  const lines = [
    '* Building TensorFlow Node.js bindings',
    'node-pre-gyp install failed with error: Error: Command failed: node-pre-gyp install --fallback-to-build',
    'node-pre-gyp http GET http://mirror/tf-builds/pre-built-binary/napi-v8/4.22.0/GPU-linux-4.22.0.tar.gz',
    'node-pre-gyp ERR! install response status 404 Not Found on http://mirror/tf-builds/pre-built-binary/napi-v8/4.22.0/GPU-linux-4.22.0.tar.gz',
    'node-pre-gyp WARN Hit error response status 404 Not Found on http://mirror/tf-builds/pre-built-binary/napi-v8/4.22.0/GPU-linux-4.22.0.tar.gz',
    '../binding/tfjs_backend.h:25:10: fatal error: tensorflow/c/c_api.h: No such file or directory',
    'gyp ERR! stack Error: `make` failed with exit code: 2',
    'npm error code 1',
    'npm error A complete log of this run can be found in: x',
  ];
  assert.match(failureSummary(lines) ?? '', /^node-pre-gyp ERR! install response status 404 Not Found/);
});

test('the time-limit message names the mirror and time-limit settings; a cancellation needs none', () => {
  const message = failureMessage({ reason: 'timedOut', limitMs: 900_000 }, []) ?? '';
  assert.match(message, /within 15m 00s/);
  assert.match(message, /robustnessLens\.gpuBackend\.mirror/);
  assert.match(message, /robustnessLens\.gpuBackend\.installTimeoutSeconds/);
  assert.equal(failureMessage({ reason: 'cancelled' }, []), null);
  assert.match(failureMessage({ reason: 'failed', exitCode: 1, signal: null }, OFFLINE_INSTALL) ?? '', /exited with code 1 .*ENOTFOUND storage\.googleapis\.com/);
});
