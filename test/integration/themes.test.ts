// Every panel in a dark and a high-contrast theme, as a user with those themes sees them: the runs the other suites
// saved are opened again (nothing is computed but the mix preview), and each panel is photographed once per theme.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunRecord } from '../../src/protocol/records';
import { askLauncher, hasLauncher, until } from './launcher';
import { lensExtension, sampleModels } from './lensExtension';

/** The theme ids of VS Code's own dark and high-contrast themes, and the file-name suffix of their screenshots. */
const THEMES = [
  { id: 'Default Dark Modern', suffix: 'dark' },
  { id: 'Default High Contrast', suffix: 'high-contrast' },
] as const;

/** The newest saved run of each analysis, by record file. */
/**
 * The newest saved run of each analysis on data inside `roots` (the workspace, the extension's samples): a run on a fixture
 * outside them (the WSOL protocol suite's) would open behind the modal "names files outside the workspace" question.
 */
function newestRuns(roots: readonly string[]): Map<string, string> {
  const runsFolder = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.robustness-lens', 'runs');
  const newest = new Map<string, { file: string; created: string }>();
  for (const folder of fs.readdirSync(runsFolder)) {
    const file = path.join(runsFolder, folder, 'record.json');
    if (!fs.existsSync(file)) continue;
    const record = JSON.parse(fs.readFileSync(file, 'utf8')) as RunRecord;
    const data = record.spec.data;
    if (data !== null && !roots.some((root) => data === root || data.startsWith(`${root}${path.sep}`))) continue;
    const seen = newest.get(record.spec.analysis);
    if (!seen || record.createdAt > seen.created) newest.set(record.spec.analysis, { file, created: record.createdAt });
  }
  return new Map([...newest].map(([analysis, { file }]) => [analysis, file]));
}

async function setTheme(id: string): Promise<void> {
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', id, vscode.ConfigurationTarget.Global);
  // Webviews restyle from the theme's CSS variables once the workbench has applied it.
  await new Promise((resolve) => setTimeout(resolve, 1500));
}

suite('Panels in dark and high-contrast themes', () => {
  let originalTheme: string | undefined;
  suiteSetup(async () => {
    originalTheme = vscode.workspace.getConfiguration('workbench').get<string>('colorTheme');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
  });
  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', originalTheme, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('overview, localisation, sweep and mix panels are photographed in each theme', async function () {
    if (!hasLauncher()) return this.skip();
    // Up to four panels opened and photographed in two themes, one after another: more than one step's 120 s on a busy machine.
    this.timeout(480000);
    const { lens, extensionPath } = await lensExtension();
    const runs = newestRuns([vscode.workspace.workspaceFolders![0].uri.fsPath, path.join(extensionPath, 'samples')]);
    // The overview, localisation and sweep suites save these runs (and assert they do); a run of fewer suites (IT_SUITES) photographs what there is.
    const predictRun = runs.get('predict');
    const predictedModel = predictRun ? (JSON.parse(fs.readFileSync(predictRun, 'utf8')) as RunRecord).spec.models[0].path : '';
    // charts: the chart boxes photographed too, each scrolled into view (`${name}-chart-${suffix}`, then -chart2-, …).
    const allPanels: { name: string; run: string | null; open: () => Thenable<unknown>; ready: () => unknown; waitFor?: string; charts?: string[] }[] = [
      { name: 'overview', run: 'predict', open: () => vscode.commands.executeCommand('robustnessLens.openRun', runs.get('predict')), ready: () => lens.overviewFor(predictedModel)?.shownRecord, waitFor: 'article.prediction-card', charts: ['.chart-box svg.lens-plot'] },
      { name: 'localisation', run: 'cam', open: () => vscode.commands.executeCommand('robustnessLens.openRun', runs.get('cam')), ready: () => lens.localisation()?.shownRuns, waitFor: 'canvas.cam-canvas' },
      { name: 'sweep', run: 'sweep', open: () => vscode.commands.executeCommand('robustnessLens.openRun', runs.get('sweep')), ready: () => lens.sweep()?.shownRecord, waitFor: '.summary-table', charts: ['.chart-section .chart-box svg.lens-plot', '.chart-grid svg.lens-plot'] },
      { name: 'mix', run: null, open: () => vscode.commands.executeCommand('robustnessLens.openMixPreview', { modelPaths: sampleModels(extensionPath) }), ready: () => (lens.mix()?.busy === false ? lens.mix()?.shownRecord : null), waitFor: '.pair-card img' },
    ];
    const panels = allPanels.filter((panel) => panel.run === null || runs.has(panel.run));
    for (const { id, suffix } of THEMES) {
      await setTheme(id);
      for (const panel of panels) {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        await panel.open();
        await until(`the ${panel.name} panel`, panel.ready, 120000);
        await askLauncher({ action: 'screenshot', name: `${panel.name}-${suffix}`, waitFor: panel.waitFor });
        for (const [i, selector] of (panel.charts ?? []).entries()) {
          await askLauncher({ action: 'scrollInWebview', selector });
          await askLauncher({ action: 'screenshot', name: `${panel.name}-chart${i === 0 ? '' : i + 1}-${suffix}`, waitFor: selector });
        }
      }
    }
  });
});
