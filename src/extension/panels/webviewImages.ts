// A saved run as its panel's webview receives it: the images it names as files become URIs the webview may load.
import * as vscode from 'vscode';
import type { RunRecord } from '../../protocol/records';
import { withAttachmentsMapped, withImagesInline } from '../../engine/runs/attachments';
import { attachmentFile } from '../attachmentFiles';
import type { SavedRun } from './savedRun';

/** The run's record with each attachment path replaced by its file's webview URI (an empty string for a path that fails attachmentFile). */
export function recordForWebview<R>(webview: vscode.Webview, run: SavedRun<R>): RunRecord<R> {
  return withAttachmentsMapped(run.record, (relative) => {
    const file = attachmentFile(run.file, relative);
    return file === null ? null : webview.asWebviewUri(vscode.Uri.file(file)).toString();
  });
}

/** The run's record with its images read back into data: URIs (for exports that embed them), each path checked by attachmentFile. */
export function recordInline<R>(run: SavedRun<R>): Promise<RunRecord<R>> {
  return withImagesInline(run.record, (relative) => attachmentFile(run.file, relative));
}
