// A saved run as its panel's webview receives it: the images it names as files become URIs the webview may load.
import * as vscode from 'vscode';
import type { RunRecord } from '../../protocol/records';
import { withAttachmentsMapped } from '../../engine/runs/attachments';
import { attachmentFile } from '../attachmentFiles';
import type { SavedRun } from './savedRun';

/** The run's record with each attachment path replaced by its file's webview URI (an empty string for a path that fails attachmentFile). */
export function recordForWebview<R>(webview: vscode.Webview, run: SavedRun<R>): RunRecord<R> {
  return withAttachmentsMapped(run.record, (relative) => {
    const file = attachmentFile(run.file, relative);
    return file === null ? null : webview.asWebviewUri(vscode.Uri.file(file)).toString();
  });
}
