// Loaded by VS Code itself (extensionTestsPath) inside the real extension host.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { askLauncher, windowReloads } from './launcher';

/** The overview suite checks that activation does not start the engine, so it runs first; the others follow by name. */
const FIRST_SUITE = 'overview.test.js';
/** The suite that asks the launcher to reload the window runs last, so that the panels it leaves open are the ones restored;
 * after a reload it alone runs again, to check what came back. */
const RELOAD_SUITE = 'windowReload.test.js';

/** IT_SUITES=kerasModel,sweep runs only those suites (a developer's shortcut; CI runs them all). */
const onlySuites = process.env.IT_SUITES?.split(',').map((name) => `${name.trim()}.test.js`);

function suiteFiles(): string[] {
  if (windowReloads() > 0) return [RELOAD_SUITE];
  const rank = (file: string) => (file === FIRST_SUITE ? 0 : file === RELOAD_SUITE ? 2 : 1);
  return fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js') && (!onlySuites || onlySuites.includes(f))).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120000 });
  for (const file of suiteFiles()) mocha.addFile(path.resolve(__dirname, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures: number) => {
      // The offline launcher prints these counts as the run's closing line.
      const channel = process.env.VSCODE_IT_CHANNEL;
      if (channel) fs.writeFileSync(path.join(channel, 'stats.json'), JSON.stringify({ passed: runner.stats?.passes ?? 0, failed: failures }));
      const settle = () => (failures ? reject(new Error(`${failures} tests failed`)) : resolve());
      // A reload the tests asked for happens now, while this extension host and its webview serializers are alive: once the
      // run settles the workbench stops the host, and would then save the open webview panels as not restorable. The reload
      // ends this host, so the run never settles.
      askLauncher({ action: 'runEnded' }).then((answer) => { if (!answer?.reloading) settle(); }, reject);
    });
  });
}
