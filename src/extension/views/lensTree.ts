// The activity-bar view: the models opened in this workspace and the runs saved under the runs folder.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunSummary } from '../../protocol/records';
import { listRuns } from '../../engine/runs/store';
import { displayName } from '../panels/overviewPanel';

type Node =
  | { kind: 'group'; group: 'models' | 'runs' }
  | { kind: 'model'; path: string }
  | { kind: 'run'; run: RunSummary };

const OPENED_MODELS_KEY = 'robustnessLens.openedModels';

export class LensTreeProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  private runsListed: () => void = () => undefined;
  /** Resolves when the view first lists the saved runs: the view is ready. */
  readonly firstRunsListed = new Promise<void>((resolve) => { this.runsListed = resolve; });

  constructor(private readonly state: vscode.Memento, private readonly runsFolder: () => string) {}

  openedModels(): string[] {
    return this.state.get<string[]>(OPENED_MODELS_KEY, []);
  }

  async rememberModel(modelPath: string): Promise<void> {
    const models = [path.resolve(modelPath), ...this.openedModels().filter((m) => m !== path.resolve(modelPath))].slice(0, 50);
    await this.state.update(OPENED_MODELS_KEY, models);
    this.refresh();
  }

  async forgetModel(modelPath: string): Promise<void> {
    await this.state.update(OPENED_MODELS_KEY, this.openedModels().filter((m) => m !== modelPath));
    this.refresh();
  }

  refresh(): void { this.changed.fire(undefined); }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        const item = new vscode.TreeItem(node.group === 'models' ? 'Models' : 'Runs', vscode.TreeItemCollapsibleState.Expanded);
        item.contextValue = `group-${node.group}`;
        item.iconPath = new vscode.ThemeIcon(node.group === 'models' ? 'symbol-class' : 'history');
        return item;
      }
      case 'model': {
        const item = new vscode.TreeItem(displayName(node.path), vscode.TreeItemCollapsibleState.None);
        item.description = vscode.workspace.asRelativePath(node.path);
        item.tooltip = node.path;
        item.iconPath = new vscode.ThemeIcon('circuit-board');
        item.contextValue = 'model';
        item.command = { command: 'robustnessLens.openModel', title: 'Open Overview', arguments: [vscode.Uri.file(node.path)] };
        return item;
      }
      case 'run': {
        const when = new Date(node.run.createdAt);
        const item = new vscode.TreeItem(`${node.run.analysis} · ${node.run.models.map(displayName).join(', ')}`, vscode.TreeItemCollapsibleState.None);
        item.description = when.toLocaleString();
        item.tooltip = `${node.run.file}\n${node.run.models.join('\n')}`;
        item.iconPath = new vscode.ThemeIcon('graph');
        item.contextValue = 'run';
        item.command = { command: 'robustnessLens.openRun', title: 'Open Run', arguments: [node.run.file] };
        return item;
      }
    }
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      // With nothing opened and nothing saved the view is empty, so VS Code shows its welcome content (package.json viewsWelcome).
      const empty = this.openedModels().length === 0 && (await this.runs()).length === 0;
      return empty ? [] : [{ kind: 'group', group: 'models' }, { kind: 'group', group: 'runs' }];
    }
    if (node.kind !== 'group') return [];
    if (node.group === 'models') return this.openedModels().map((p) => ({ kind: 'model', path: p }));
    return (await this.runs()).map((run): Node => ({ kind: 'run', run }));
  }

  private async runs(): Promise<RunSummary[]> {
    const runs = await listRuns(this.runsFolder());
    this.runsListed();
    return runs;
  }
}
