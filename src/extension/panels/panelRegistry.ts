// The open panels of one kind: show() re-uses the panel a target belongs to or opens one, and revive() takes on a
// panel VS Code restored after a window reload, on the target its webview's saved state names.
import * as vscode from 'vscode';
import { createPanel, restorePanelOptions } from './webviewHtml';

export interface PanelKind<Target, Panel> {
  viewType: string;
  title(target: Target): string;
  /** Targets with the same key share one panel; a kind that keeps one panel gives every target the same key. */
  key(target: Target): string;
  /** The controller of a new or restored panel. */
  create(panel: vscode.WebviewPanel, target: Target): Panel;
}

/** What the registry needs of a controller. */
interface ShownPanel<Target> {
  readonly panel: vscode.WebviewPanel;
  retarget(target: Target): void;
}

export class PanelRegistry<Target, Panel extends ShownPanel<Target>> {
  private readonly open = new Map<string, Panel>();

  constructor(private readonly context: vscode.ExtensionContext, private readonly kind: PanelKind<Target, Panel>) {}

  /** Shows `target` in the open panel of its key, or in a new panel in the active column. */
  show(target: Target): Panel {
    const existing = this.open.get(this.kind.key(target));
    if (existing) {
      existing.panel.reveal();
      existing.retarget(target);
      return existing;
    }
    return this.adopt(createPanel(this.context, this.kind.viewType, this.kind.title(target)), target);
  }

  /** Revives the panels VS Code restores: `targetOfState` rebuilds a target from the saved state (checking its paths), or null to close the panel. */
  serializer(targetOfState: (state: unknown) => Promise<Target | null>): vscode.WebviewPanelSerializer {
    return {
      deserializeWebviewPanel: async (panel, state) => {
        const target = await targetOfState(state);
        if (target === null) {
          panel.dispose();
          return;
        }
        restorePanelOptions(this.context, panel);
        this.adopt(panel, target);
      },
    };
  }

  /** The open panel of `key`, if any. */
  get(key: string): Panel | undefined {
    return this.open.get(key);
  }

  private adopt(panel: vscode.WebviewPanel, target: Target): Panel {
    const key = this.kind.key(target);
    const controller = this.kind.create(panel, target);
    this.open.set(key, controller);
    panel.onDidDispose(() => {
      if (this.open.get(key) === controller) this.open.delete(key);
    });
    return controller;
  }
}
