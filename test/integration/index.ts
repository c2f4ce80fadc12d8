// Loaded by VS Code itself (extensionTestsPath) inside the real extension host.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** The overview suite checks that activation does not start the engine, so it runs first; the others follow by name. */
const FIRST_SUITE = 'overview.test.js';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120000 });
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort((a, b) => Number(b === FIRST_SUITE) - Number(a === FIRST_SUITE) || a.localeCompare(b));
  for (const file of files) mocha.addFile(path.resolve(__dirname, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures: number) => {
      // The offline launcher prints these counts as the run's closing line.
      const channel = process.env.VSCODE_IT_CHANNEL;
      if (channel) fs.writeFileSync(path.join(channel, 'stats.json'), JSON.stringify({ passed: runner.stats?.passes ?? 0, failed: failures }));
      if (failures) reject(new Error(`${failures} tests failed`));
      else resolve();
    });
  });
}
