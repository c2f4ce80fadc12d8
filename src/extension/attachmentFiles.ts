// A saved record's image files as a panel may load them: every path a record names is checked against the record's
// folder by real path (no `..`, no absolute path, no symlink leading out), as workspacePaths.ts checks other paths.
import * as path from 'node:path';
import { isAttachmentPath } from '../engine/runs/attachments';
import { isReallyInside, realPathOf } from './realPaths';

/** The folder a panel may load the images of the record in `recordFile` from: its run folder, by real path. */
export function attachmentRoot(recordFile: string): string {
  return realPathOf(path.dirname(path.resolve(recordFile)));
}

/** The real path of the record's attachment `relative` when it is an images/ path lying in the record's folder, else null. */
export function attachmentFile(recordFile: string, relative: string): string | null {
  if (!isAttachmentPath(relative)) return null;
  const folder = path.dirname(path.resolve(recordFile));
  const file = path.join(folder, relative);
  return isReallyInside(file, folder) ? realPathOf(file) : null;
}
