// The tests' temporary folders are removed by the run that made them: a test's own when it ends, a file's at the end.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { temporaryFolder } from '../fixtures/temporaryFolders';

const fileWide = temporaryFolder('temporary-folders-file-');
let madeByFirstTest = '';

test('a temporary folder is a new empty folder under the temp directory, named by its prefix', () => {
  madeByFirstTest = temporaryFolder('temporary-folders-test-');
  assert.equal(dirname(madeByFirstTest), tmpdir());
  assert.match(basename(madeByFirstTest), /^temporary-folders-test-.{6}$/);
  assert.deepEqual(readdirSync(madeByFirstTest), []);
  writeFileSync(join(madeByFirstTest, 'inside.txt'), 'removed with its folder');
  writeFileSync(join(fileWide, 'kept.txt'), 'kept until the file ends');
});

test('the folder a test made is gone when the next test starts; the one made at the top level is still there', () => {
  assert.ok(madeByFirstTest);
  assert.equal(existsSync(madeByFirstTest), false);
  assert.deepEqual(readdirSync(fileWide), ['kept.txt']);
});

test('a folder the test removed itself is no error when its removal comes', () => {
  const folder = temporaryFolder('temporary-folders-gone-');
  rmSync(folder, { recursive: true });
  assert.equal(existsSync(folder), false);
});
