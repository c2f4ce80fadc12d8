#!/usr/bin/env node
// The desktop launcher for the same integration suite: downloads VS Code with @vscode/test-electron
// (needs internet) and runs out/test/integration/index.js in it. Offline machines use run-integration.js.
const path = require('path');
const fs = require('fs');
const os = require('os');
const { runTests } = require('@vscode/test-electron');

async function main() {
  const proj = path.resolve(__dirname, '..');
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-ws-'));
  try {
    fs.cpSync(path.join(proj, 'samples', 'models', 'baseline'), path.join(ws, 'models', 'baseline'), { recursive: true });
    await runTests({ extensionDevelopmentPath: proj, extensionTestsPath: path.join(proj, 'out/test/integration/index.js'), launchArgs: [ws, '--disable-extensions'] });
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
  }
}
main().catch((err) => { console.error(err); process.exit(1); });
