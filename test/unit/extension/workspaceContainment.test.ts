// Workspace checks by real path: a symlink inside the workspace that points outside is outside, for files that exist
// and for ones not written yet; a runs folder from the workspace's own settings must stay inside the workspace.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { allowedAmong, isReallyInside, realPathOf } from '../../../src/extension/realPaths';
import { DEFAULT_RUNS_FOLDER, chooseRunsFolder } from '../../../src/extension/runsFolderChoice';
import { temporaryFolder } from '../../fixtures/temporaryFolders';

const root = temporaryFolder('containment-');
const workspace = path.join(root, 'workspace');
const outside = path.join(root, 'outside');
mkdirSync(path.join(workspace, 'models'), { recursive: true });
mkdirSync(outside);
writeFileSync(path.join(outside, 'secret.h5'), 'x');
writeFileSync(path.join(workspace, 'models', 'own.h5'), 'x');
symlinkSync(outside, path.join(workspace, 'escape'));

test('a file reached through a symlink that leaves the workspace is not allowed; a real file inside is', () => {
  assert.equal(allowedAmong(path.join(workspace, 'escape', 'secret.h5'), [workspace], []), null);
  assert.equal(allowedAmong(path.join(workspace, 'models', 'own.h5'), [workspace], []), path.join(workspace, 'models', 'own.h5'));
});

test('a path not written yet is checked by its nearest existing parent\'s real path', () => {
  assert.equal(realPathOf(path.join(workspace, 'escape', 'new', 'profile.json')), path.join(realPathOf(outside), 'new', 'profile.json'));
  assert.equal(isReallyInside(path.join(workspace, 'escape', 'new', 'profile.json'), workspace), false);
  assert.equal(isReallyInside(path.join(workspace, 'new', 'profile.json'), workspace), true);
});

test('a path the user opened themselves passes wherever it is', () => {
  const secret = path.join(outside, 'secret.h5');
  assert.equal(allowedAmong(secret, [workspace], [secret]), secret);
  assert.equal(allowedAmong(secret, [workspace], []), null);
});

test('a runs folder from workspace settings that leads outside (by .., an absolute path or a symlink) falls back to the default with a note', () => {
  for (const setting of ['../outside/runs', outside, 'escape/runs']) {
    const choice = chooseRunsFolder(setting, true, workspace);
    assert.equal(choice.folder, path.join(workspace, DEFAULT_RUNS_FOLDER), setting);
    assert.match(choice.note ?? '', /leads outside the workspace/);
  }
  assert.deepEqual(chooseRunsFolder('runs/here', true, workspace), { folder: path.join(workspace, 'runs', 'here'), note: null });
  // The user's own settings may name any folder.
  assert.deepEqual(chooseRunsFolder(outside, false, workspace), { folder: outside, note: null });
});
