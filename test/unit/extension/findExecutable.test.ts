// Finding npm on the PATH: executable files only, Windows' .cmd and its "Path" spelling.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findOnPath } from '../../../src/extension/gpuBackend/findExecutable';
import { temporaryFolder } from '../../fixtures/temporaryFolders';

function folderWith(file: string, mode: number): string {
  const dir = temporaryFolder('path-');
  writeFileSync(join(dir, file), '#!/bin/sh\n');
  chmodSync(join(dir, file), mode);
  return dir;
}

test('the first executable on the PATH is found', () => {
  const empty = temporaryFolder('path-');
  const dir = folderWith('npm', 0o755);
  assert.equal(findOnPath('npm', { PATH: `${empty}:${dir}` }, 'linux'), join(dir, 'npm'));
});

test('a file that is not executable, a folder of that name, or an empty PATH find nothing', () => {
  const dir = folderWith('npm', 0o644);
  mkdirSync(join(dir, 'node'));
  assert.equal(findOnPath('npm', { PATH: dir }, 'linux'), null);
  assert.equal(findOnPath('node', { PATH: dir }, 'linux'), null);
  assert.equal(findOnPath('npm', {}, 'linux'), null);
});

test('on Windows npm.cmd is found through "Path"', () => {
  const dir = folderWith('npm.cmd', 0o644);
  assert.equal(findOnPath('npm', { Path: dir }, 'win32'), join(dir, 'npm.cmd'));
});
