// One build for every bundle: extension host, engine process, CLI, webview apps, tests and scripts.
import asc from 'assemblyscript/asc';
import * as esbuild from 'esbuild';
import { readdirSync, statSync, cpSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const watch = process.argv.includes('--watch');

/** Every file under `dir` (relative to the repo) whose name matches `pattern`. */
function filesUnder(dir, pattern) {
  const abs = join(root, dir);
  let found = [];
  let entries = [];
  try { entries = readdirSync(abs); } catch { return found; }
  for (const name of entries) {
    const full = join(abs, name);
    if (statSync(full).isDirectory()) found = found.concat(filesUnder(join(dir, name), pattern));
    else if (pattern.test(name)) found.push(join(dir, name));
  }
  return found;
}

// Native or wasm-carrying packages stay in node_modules; they are loaded at run time.
// All of @tensorflow/* stays external so that every backend registers with the one tfjs-core instance; webgpu carries
// Dawn's native binding (and is an ES module, so the engine loads it with a dynamic import that stays as written).
const nodeExternals = ['vscode', 'sharp', 'h5wasm', 'onnxruntime-node', '@tensorflow/*', 'webgpu', 'mocha', 'playwright-core', '@vscode/test-electron', 'eslint'];

// The SIMD kernels of the corruptions and the inference preprocessing (wasm/kernels.ts, AssemblyScript) and the seeded
// generator's bulk uniform draws (wasm/random.ts) are compiled into one module first and embedded in every Node bundle
// that imports 'wasm-kernels' (a Uint8Array), so the CLI, the engine, its workers and the tests carry the same bytes.
// In --watch mode they are compiled once, at the start.
const kernelsWasm = join(root, 'out', 'wasm', 'kernels.wasm');
const compiled = await asc.main(['wasm/kernels.ts', 'wasm/random.ts', '-O3', '--runtime', 'stub', '--enable', 'simd', '--noAssert', '--outFile', kernelsWasm], { stdout: process.stdout, stderr: process.stderr });
if (compiled.error) {
  console.error(`build: wasm/kernels.ts or wasm/random.ts did not compile: ${compiled.error.message}`);
  process.exit(1);
}
const wasmKernelsPlugin = {
  name: 'wasm-kernels',
  setup(build) {
    build.onResolve({ filter: /^wasm-kernels$/ }, () => ({ path: kernelsWasm, namespace: 'wasm-kernels' }));
    build.onLoad({ filter: /.*/, namespace: 'wasm-kernels' }, async () => ({ contents: await readFile(kernelsWasm), loader: 'binary' }));
  },
};

const nodeCommon = {
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true,
  external: nodeExternals, logLevel: 'warning', plugins: [wasmKernelsPlugin],
};

// What the packaged extension runs: every JavaScript dependency is bundled (all of tfjs in each bundle, so every
// backend registers with that bundle's one tfjs-core); only native or wasm-loading packages stay in node_modules.
// tfjs-node(-gpu) is installed apart and shares the bundle's tfjs (src/engine/extraModules.ts); node-fetch is tfjs's
// fallback where Node has no fetch (Node ≥ 18 has).
const appExternals = ['vscode', 'sharp', 'h5wasm', 'onnxruntime-node', 'webgpu', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', 'node-fetch'];
const omittedModule = './scripts/build/omittedModule.js';
const nodeApp = {
  ...nodeCommon, external: appExternals, minifyWhitespace: true, minifySyntax: true,
  alias: { '@tensorflow/tfjs-backend-webgl': omittedModule, '@tensorflow/tfjs-data': omittedModule },
};

const appBuilds = [
  { ...nodeApp, entryPoints: { extension: 'src/extension/extension.ts', engine: 'src/engine/server.ts', cli: 'src/cli/main.ts', reports: 'src/present/report/panelReports.ts', 'corrupt-dataset-worker': 'src/engine/sweep/corruptDatasetWorker.ts' }, outdir: join(root, 'out') },
  // The panels' bundles are minified, names too (the page loads faster; the source maps keep stack traces readable).
  { bundle: true, platform: 'browser', target: 'es2022', format: 'esm', sourcemap: true, logLevel: 'warning', minify: true,
    entryPoints: Object.fromEntries(filesUnder('webview', /^main\.ts$/).map((f) => [relative('webview', f).replace(/\/main\.ts$/, ''), f])),
    outdir: join(root, 'out', 'webview') },
];
// Tests and scripts build one entry at a time, so that one broken file fails only itself (and the build's exit code).
const entryBuilds = [...filesUnder('test', /\.ts$/), ...filesUnder('scripts', /\.ts$/)].map((f) => ({
  ...nodeCommon, entryPoints: { [f.replace(/\.ts$/, '')]: f }, outdir: join(root, 'out'),
}));
const builds = [...appBuilds, ...entryBuilds];

// Codicons' font and stylesheet are shipped beside the webview bundles (no remote content).
mkdirSync(join(root, 'out', 'webview'), { recursive: true });
cpSync(join(root, 'node_modules/@vscode/codicons/dist/codicon.css'), join(root, 'out/webview/codicon.css'));
cpSync(join(root, 'node_modules/@vscode/codicons/dist/codicon.ttf'), join(root, 'out/webview/codicon.ttf'));
// The bundled tfjs-backend-wasm loads its wasm binary from the bundle's folder; Node runs the SIMD build (single-threaded),
// the plain one where WebAssembly SIMD is missing.
for (const wasm of ['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm.wasm']) {
  cpSync(join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist', wasm), join(root, 'out', wasm));
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  const results = await Promise.allSettled(builds.map((b) => esbuild.build({ ...b, absWorkingDir: root })));
  const failed = results.filter((r) => r.status === 'rejected').length;
  if (failed) {
    console.error(`build: ${failed} of ${builds.length} bundles failed`);
    process.exit(1);
  }
}
