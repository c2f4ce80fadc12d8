// What every panel controller shares: its webview's HTML and validated messages, one piece of cancellable work at a
// time with busy and progress shown in the webview (and in a notification when asked), and failures shown in the panel.
import * as vscode from 'vscode';
import type { PanelStatusMessage } from '../../protocol/messages/status';
import type { Progress } from '../../protocol/progress';
import type { EngineClient } from '../engineClient';
import { isMalformed, type ParsedMessage } from './panelMessages';
import { runPanelAction } from './panelAction';
import { allowRunFolders, attachPanel } from './webviewHtml';

/** What a controller tells LensPanel about its webview. */
export interface PanelWebview<Message> {
  /** The bundle out/webview/<script>.js and its stylesheet media/<script>.css. */
  script: string;
  parse(raw: unknown): ParsedMessage<Message>;
  /** When true, a cancelled action shows nothing at all (the panel already shows it stopped). */
  silentOnCancel?: boolean;
}


/** The panel's work under way, as its action sees it. */
export interface PanelWork {
  readonly token: vscode.CancellationToken;
  /** False once newer work has replaced this one. */
  isCurrent(): boolean;
  /** Shows progress in the webview, and in the notification when there is one. */
  report(progress: Progress): void;
}

export abstract class LensPanel<Target, Message, HostMessage> implements vscode.Disposable {
  private work: vscode.CancellationTokenSource | null = null;
  private readonly disposables: vscode.Disposable[] = [];

  protected constructor(
    protected readonly context: vscode.ExtensionContext,
    protected readonly engine: EngineClient,
    readonly panel: vscode.WebviewPanel,
    protected target: Target,
    private readonly webview: PanelWebview<Message>,
  ) {
    this.disposables.push(...attachPanel(context, panel, webview.script, (raw) => void this.receive(raw), () => this.dispose()));
  }

  get busy(): boolean { return this.work !== null; }

  /** Shows `target` in this open panel (show() on a target whose panel is open). */
  abstract retarget(target: Target): void;

  /** Acts on a message from the webview that passed validation. */
  protected abstract handle(message: Message): Promise<void> | void;

  dispose(): void {
    this.cancelWork();
    for (const d of this.disposables) d.dispose();
  }

  protected post(message: HostMessage | PanelStatusMessage): void {
    void this.panel.webview.postMessage(message);
  }

  /** Lets the webview load the images of the runs in `runFolders` (real paths), as well as its own files, and nothing else. */
  protected allowFolders(runFolders: readonly string[]): void {
    allowRunFolders(this.context, this.panel, runFolders);
  }

  protected cancelWork(): void {
    this.work?.cancel();
  }

  protected guard(action: () => Thenable<void> | Promise<void>): Promise<void> {
    return runPanelAction(action, (message) => this.post({ type: 'error', message }), { silentOnCancel: this.webview.silentOnCancel });
  }

  /** Runs `action` as the panel's one piece of work: cancels the work before it, and shows busy until it ends unless newer work took over.
   * With a `notificationTitle`, a cancellable progress notification follows it too. */
  protected async runWork(action: (work: PanelWork) => Promise<void>, notificationTitle?: string): Promise<void> {
    this.work?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.work = source;
    this.post({ type: 'busy', busy: true });
    const work = (report: (progress: Progress) => void): PanelWork => ({ token: source.token, isCurrent: () => this.work === source, report });
    const toWebview = ({ done, total, message }: Progress) => this.post({ type: 'progress', done, total, message });
    await this.guard(() => notificationTitle === undefined ? action(work(toWebview)) : vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: notificationTitle, cancellable: true },
      (notification, token) => {
        token.onCancellationRequested(() => source.cancel());
        let reported = 0;
        return action(work((progress) => {
          toWebview(progress);
          notification.report({ message: progress.message, increment: progress.total ? ((progress.done - reported) / progress.total) * 100 : undefined });
          reported = progress.done;
        }));
      },
    ));
    if (this.work === source) {
      this.work = null;
      this.post({ type: 'busy', busy: false });
    }
  }

  private async receive(raw: unknown): Promise<void> {
    const message = this.webview.parse(raw);
    if (isMalformed(message)) this.post({ type: 'error', message: message.error });
    else await this.handle(message);
  }
}
