import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openDataSource } from '../../../src/engine/data/source';
import { UserFacingError } from '../../../src/engine/errors';
import { withTempDir } from '../../fixtures/model/tempDir';
import { writeSolidImage } from '../../fixtures/data/images';

const red: [number, number, number] = [255, 0, 0];

test('a single image file is a one-item source rooted at its folder', async () => {
  await withTempDir(async (dir) => {
    await writeSolidImage(join(dir, 'cat.PNG'), 4, 4, red);
    const source = await openDataSource(join(dir, 'cat.PNG'));
    assert.equal(source.kind, 'image');
    assert.equal(source.root, dir);
    assert.deepEqual(source.items, [{ id: 'cat.PNG', path: join(dir, 'cat.PNG'), label: null, boxes: [], size: null }]);
    assert.equal(source.classNames, null);
  });
});

test('a file that is not an image is refused as unsupported', async () => {
  await withTempDir(async (dir) => {
    await writeFile(join(dir, 'notes.txt'), 'hello');
    await assert.rejects(openDataSource(join(dir, 'notes.txt')), (err: unknown) =>
      err instanceof UserFacingError && err.code === 'unsupported' && /notes\.txt is not an image/.test(err.message));
  });
});

test('a path that does not exist is a not-found error naming it', async () => {
  await withTempDir(async (dir) => {
    const missing = join(dir, 'nowhere');
    await assert.rejects(openDataSource(missing), (err: unknown) =>
      err instanceof UserFacingError && err.code === 'not-found' && err.message.includes(missing));
  });
});

test('a folder of images lists its images sorted, skipping other files and subfolders with reasons', async () => {
  await withTempDir(async (dir) => {
    await writeSolidImage(join(dir, 'b.png'), 4, 4, red);
    await writeSolidImage(join(dir, 'A.JPG'), 4, 4, red);
    await writeSolidImage(join(dir, 'c.webp'), 4, 4, red);
    await writeFile(join(dir, 'labels.csv'), 'x');
    await writeFile(join(dir, 'readme.md'), 'x');
    await writeFile(join(dir, '.DS_Store'), 'x');
    await writeSolidImage(join(dir, 'nested', 'd.png'), 4, 4, red);
    const source = await openDataSource(dir);
    assert.equal(source.kind, 'folder');
    assert.deepEqual(source.items.map((i) => i.id), ['A.JPG', 'b.png', 'c.webp']);
    assert.ok(source.items.every((i) => i.label === null && i.path === join(dir, i.id)));
    assert.deepEqual(source.skipped.map((s) => s.path), [join(dir, 'labels.csv'), join(dir, 'readme.md'), join(dir, 'nested')]);
    assert.match(source.skipped[0].reason, /not an image/);
    assert.match(source.skipped[2].reason, /subfolders are not read/);
  });
});

test('an ImageFolder tree labels images by sorted class folder, reading class folders recursively', async () => {
  await withTempDir(async (dir) => {
    await writeSolidImage(join(dir, 'dog', 'd1.jpg'), 4, 4, red);
    await writeSolidImage(join(dir, 'cat', 'c2.png'), 4, 4, red);
    await writeSolidImage(join(dir, 'cat', 'c1.png'), 4, 4, red);
    await writeSolidImage(join(dir, 'cat', 'more', 'c3.jpeg'), 4, 4, red);
    await mkdir(join(dir, 'empty'));
    await writeFile(join(dir, 'dog', 'notes.txt'), 'x');
    await writeFile(join(dir, 'README.txt'), 'x');
    const source = await openDataSource(dir);
    assert.equal(source.kind, 'imagefolder');
    assert.deepEqual(source.classNames, ['cat', 'dog', 'empty']);
    assert.deepEqual(source.items.map((i) => [i.id, i.label]), [['cat/c1.png', 0], ['cat/c2.png', 0], ['cat/more/c3.jpeg', 0], ['dog/d1.jpg', 1]]);
    assert.equal(source.items[2].path, join(dir, 'cat', 'more', 'c3.jpeg'));
    assert.deepEqual(source.skipped.map((s) => s.path), [join(dir, 'README.txt'), join(dir, 'dog', 'notes.txt')]);
    assert.match(source.skipped[0].reason, /not inside one/);
    assert.match(source.skipped[1].reason, /not an image/);
  });
});

test('a folder with no images anywhere explains the accepted layouts', async () => {
  await withTempDir(async (dir) => {
    await writeFile(join(dir, 'a.txt'), 'x');
    await mkdir(join(dir, 'sub'));
    await assert.rejects(openDataSource(dir), (err: unknown) =>
      err instanceof UserFacingError && err.code === 'bad-input' && /No images found/.test(err.message) && /ImageFolder/.test(err.message));
  });
});
