// Symlinked folders in an ImageFolder tree are read by real path, once, and never outside the dataset (issue 13, item 13).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { openDataSource } from '../../../src/engine/data/source';
import { withTempDir } from '../../fixtures/model/tempDir';
import { writeSolidImage } from '../../fixtures/data/images';

const grey: [number, number, number] = [128, 128, 128];

/** root/cat/{a,b}.png, root/dog/{c,d,e}.png: the five images every listing below must give, with their labels. */
async function twoClasses(root: string): Promise<void> {
  for (const [className, names] of [['cat', ['a', 'b']], ['dog', ['c', 'd', 'e']]] as const) {
    await mkdir(join(root, className), { recursive: true });
    for (const name of names) await writeSolidImage(join(root, className, `${name}.png`), 4, 4, grey);
  }
}

const expectedItems = [['cat/a.png', 0], ['cat/b.png', 0], ['dog/c.png', 1], ['dog/d.png', 1], ['dog/e.png', 1]];

test('two class folders each holding up → .. list the five images once, with their own labels, and note the loops', async () => {
  await withTempDir(async (dir) => {
    const root = join(dir, 'data');
    await twoClasses(root);
    await symlink('..', join(root, 'cat', 'up'));
    await symlink('..', join(root, 'dog', 'up'));
    const source = await openDataSource(root);
    assert.deepEqual(source.classNames, ['cat', 'dog']);
    assert.deepEqual(source.items.map((item) => [item.id, item.label]), expectedItems);
    assert.deepEqual(source.skipped.map((s) => s.path), [join(root, 'cat', 'up'), join(root, 'dog', 'up')]);
    for (const skipped of source.skipped) assert.match(skipped.reason, /already read \(a symlink loop/);
  });
});

test('a link into another class folder keeps that class; a link leaving the dataset is skipped with a note', async () => {
  await withTempDir(async (dir) => {
    const root = join(dir, 'data');
    await twoClasses(root);
    await symlink(join('..', 'dog'), join(root, 'cat', 'borrowed'));
    const outside = join(dir, 'elsewhere');
    await mkdir(outside);
    await writeSolidImage(join(outside, 'x.png'), 4, 4, grey);
    await symlink(outside, join(root, 'dog', 'away'));
    await symlink(outside, join(root, 'bird'));
    const source = await openDataSource(root);
    assert.deepEqual(source.classNames, ['cat', 'dog']);
    assert.deepEqual(source.items.map((item) => [item.id, item.label]), expectedItems);
    const reasons = new Map(source.skipped.map((s) => [s.path, s.reason]));
    assert.match(reasons.get(join(root, 'cat', 'borrowed')) ?? '', /a link into class folder 'dog'; its images keep that class/);
    assert.match(reasons.get(join(root, 'dog', 'away')) ?? '', /outside the dataset folder; links that leave the dataset are not followed/);
    assert.match(reasons.get(join(root, 'bird')) ?? '', /outside the dataset folder.*so it is no class/);
  });
});

test('a symlinked subfolder inside its own class folder is read once under the real path it links to', async () => {
  await withTempDir(async (dir) => {
    const root = join(dir, 'data');
    await twoClasses(root);
    await mkdir(join(root, 'cat', 'more'));
    await writeSolidImage(join(root, 'cat', 'more', 'f.png'), 4, 4, grey);
    await symlink('more', join(root, 'cat', 'zz-alias'));
    const source = await openDataSource(root);
    assert.deepEqual(source.items.map((item) => [item.id, item.label]), [...expectedItems.slice(0, 2), ['cat/more/f.png', 0], ...expectedItems.slice(2)]);
    assert.equal(source.skipped.length, 1);
    assert.match(source.skipped[0].reason, /already read/);
  });
});
