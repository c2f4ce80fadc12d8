// Where run records go. The runs folder is written to (records, and the allow-list trusts records under it), so a value
// that a workspace's own settings supply must stay inside that workspace by real path; the user's settings may name any folder.
import * as path from 'node:path';
import { isReallyInside } from './realPaths';

export const DEFAULT_RUNS_FOLDER = '.robustness-lens/runs';

export interface RunsFolderChoice { folder: string; note: string | null }

/** The absolute runs folder for `setting` in `workspaceRoot`; a workspace-supplied value that leads outside it gives the default and a note saying why. */
export function chooseRunsFolder(setting: string, setByWorkspace: boolean, workspaceRoot: string): RunsFolderChoice {
  const folder = path.resolve(workspaceRoot, setting);
  if (!setByWorkspace || isReallyInside(folder, workspaceRoot)) return { folder, note: null };
  return {
    folder: path.join(workspaceRoot, DEFAULT_RUNS_FOLDER),
    note: `robustnessLens.runsFolder from this workspace's settings (${setting}) leads outside the workspace, so runs are saved in ${DEFAULT_RUNS_FOLDER}; set it in your user settings to save elsewhere.`,
  };
}
