// Loaded by VS Code itself (extensionTestsPath) inside the real extension host.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120000 });
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.resolve(__dirname, file));
  return new Promise((resolve, reject) => mocha.run((failures: number) => (failures ? reject(new Error(`${failures} tests failed`)) : resolve())));
}
