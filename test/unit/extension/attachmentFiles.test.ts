// The image files a panel may load from a record: only images/<hash>.png|jpg inside the record's folder, by real path.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { attachmentFile, attachmentRoot } from '../../../src/extension/attachmentFiles';
import { temporaryFolder } from '../../fixtures/temporaryFolders';

const NAME = 'images/0123456789abcdef0123456789abcdef.png';

function runFolder(): { root: string; run: string; record: string } {
  const root = realpathSync(temporaryFolder('attach-'));
  const run = join(root, 'runs', '20260101T000000Z-cam-abcdef');
  mkdirSync(join(run, 'images'), { recursive: true });
  writeFileSync(join(run, 'record.json'), '{}');
  return { root, run, record: join(run, 'record.json') };
}

test('an images/ file in the record\'s folder is allowed, by its real path', () => {
  const { run, record } = runFolder();
  writeFileSync(join(run, NAME), 'png');
  assert.equal(attachmentFile(record, NAME), join(run, NAME));
  assert.equal(attachmentRoot(record), run);
});

test('paths that are not images/<hash>.png|jpg are refused before touching the disk', () => {
  const { record } = runFolder();
  for (const bad of ['../other/images/0123456789abcdef0123456789abcdef.png', '/etc/passwd', 'images/../record.json', 'images/x.png', 'images/0123456789abcdef0123456789abcdef.svg', 'images\\0123456789abcdef0123456789abcdef.png']) {
    assert.equal(attachmentFile(record, bad), null, bad);
  }
});

test('an image that is a symlink out of the run folder, or an images folder that is one, is refused', () => {
  const { root, run, record } = runFolder();
  const outside = join(root, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.png'), 'secret');
  symlinkSync(join(outside, 'secret.png'), join(run, NAME));
  assert.equal(attachmentFile(record, NAME), null);

  const other = runFolder();
  const linkedRun = join(other.root, 'linked');
  mkdirSync(linkedRun);
  writeFileSync(join(linkedRun, 'record.json'), '{}');
  symlinkSync(outside, join(linkedRun, 'images'));
  writeFileSync(join(outside, '0123456789abcdef0123456789abcdef.png'), 'elsewhere');
  assert.equal(attachmentFile(join(linkedRun, 'record.json'), NAME), null);
});

test('a runs folder reached through a symlink gives its real folder as the root', () => {
  const { root, run } = runFolder();
  symlinkSync(join(root, 'runs'), join(root, 'runs-link'));
  const viaLink = join(root, 'runs-link', '20260101T000000Z-cam-abcdef', 'record.json');
  writeFileSync(join(run, NAME), 'png');
  assert.equal(attachmentRoot(viaLink), run);
  assert.equal(attachmentFile(viaLink, NAME), join(run, NAME));
});
