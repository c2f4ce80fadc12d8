import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDataSource } from '../../../src/engine/data/source';
import { UserFacingError } from '../../../src/engine/errors';
import { withTempDir } from '../../fixtures/model/tempDir';
import { writeLines, writeSolidImage } from '../../fixtures/data/images';

const grey: [number, number, number] = [128, 128, 128];

/** A small wsol dataset: three present images (one with two boxes), one listed but missing, one listed non-image. */
async function writeWsolDataset(dir: string): Promise<void> {
  await writeSolidImage(join(dir, 'val', 'b', '2.jpg'), 8, 6, grey);
  await writeSolidImage(join(dir, 'val', 'a', '1.JPEG'), 10, 5, grey);
  await writeSolidImage(join(dir, 'val', 'a', '3.png'), 4, 4, grey);
  await writeLines(join(dir, 'val', 'notes.txt'), ['x']);
  await writeLines(join(dir, 'metadata', 'image_ids.txt'), ['val/b/2.jpg', 'val/a/1.JPEG', 'val/gone.jpg', 'val/notes.txt', 'val/a/3.png']);
  await writeLines(join(dir, 'metadata', 'class_labels.txt'), ['val/b/2.jpg,1', 'val/a/1.JPEG,0', 'val/a/3.png,0', 'val/gone.jpg,1']);
  await writeLines(join(dir, 'metadata', 'image_sizes.txt'), ['val/b/2.jpg,8,6', 'val/a/1.JPEG,10,5', 'val/a/3.png,4,4']);
  await writeLines(join(dir, 'metadata', 'localization.txt'), ['val/b/2.jpg,1,1,5,4', 'val/a/1.JPEG,0,0,4,4', 'val/b/2.jpg,2,0,7,5']);
  await writeLines(join(dir, 'metadata', 'class_names.txt'), ['apple', 'banana']);
}

test('a wsol dataset gives sorted items with labels, sizes and every box (with its line in localization.txt); missing and non-image files are skipped', async () => {
  await withTempDir(async (dir) => {
    await writeWsolDataset(dir);
    const source = await openDataSource(dir);
    assert.equal(source.kind, 'wsol');
    assert.equal(source.root, dir);
    assert.deepEqual(source.classNames, ['apple', 'banana']);
    assert.deepEqual(source.items, [
      { id: 'val/a/1.JPEG', path: join(dir, 'val/a/1.JPEG'), label: 0, size: [10, 5], boxes: [{ x0: 0, y0: 0, x1: 4, y1: 4 }], boxLines: [2] },
      { id: 'val/a/3.png', path: join(dir, 'val/a/3.png'), label: 0, size: [4, 4], boxes: [], boxLines: [] },
      { id: 'val/b/2.jpg', path: join(dir, 'val/b/2.jpg'), label: 1, size: [8, 6], boxes: [{ x0: 1, y0: 1, x1: 5, y1: 4 }, { x0: 2, y0: 0, x1: 7, y1: 5 }], boxLines: [1, 3] },
    ]);
    assert.deepEqual(source.skipped.map((s) => s.path), [join(dir, 'val/gone.jpg'), join(dir, 'val/notes.txt')]);
    assert.match(source.skipped[0].reason, /image_ids\.txt \(line 3\) but the file does not exist/);
    assert.match(source.skipped[1].reason, /not an image/);
  });
});

test('pointing at the metadata folder itself opens the same dataset', async () => {
  await withTempDir(async (dir) => {
    await writeWsolDataset(dir);
    assert.deepEqual(await openDataSource(join(dir, 'metadata')), await openDataSource(dir));
  });
});

test('only image_ids.txt is required: labels, sizes, boxes and class names default to empty', async () => {
  await withTempDir(async (dir) => {
    await writeSolidImage(join(dir, 'x.png'), 4, 4, grey);
    await writeLines(join(dir, 'metadata', 'image_ids.txt'), ['x.png', '']);
    const source = await openDataSource(dir);
    assert.deepEqual(source.items, [{ id: 'x.png', path: join(dir, 'x.png'), label: null, size: null, boxes: [], boxLines: [] }]);
    assert.equal(source.classNames, null);
    assert.deepEqual(source.skipped, []);
  });
});

async function rejectsWith(dir: string, pattern: RegExp): Promise<void> {
  await assert.rejects(openDataSource(dir), (err: unknown) => {
    assert.ok(err instanceof UserFacingError, `expected a UserFacingError, got ${String(err)}`);
    assert.equal(err.code, 'bad-input');
    assert.match(err.message, pattern);
    return true;
  });
}

test('a malformed localization.txt line is reported with the file and its line number', async () => {
  await withTempDir(async (dir) => {
    await writeWsolDataset(dir);
    const file = join(dir, 'metadata', 'localization.txt');
    await writeLines(file, ['val/b/2.jpg,1,1,5,4', '', 'val/a/1.JPEG,0,zero,4,4']);
    await rejectsWith(dir, new RegExp(`${file.replace(/[.\\/]/g, '\\$&')}, line 3: y0 "zero" is not a non-negative number`));
    await writeLines(file, ['val/b/2.jpg,1,1,5']);
    await rejectsWith(dir, /localization\.txt, line 1: expected 5 comma-separated fields, found 4.*image_id,x0,y0,x1,y1/);
    await writeLines(file, ['val/b/2.jpg,6,1,5,4']);
    await rejectsWith(dir, /localization\.txt, line 1: x1 \(5\) is less than x0 \(6\)/);
  });
});

test('labels outside class_names.txt, duplicate ids and bad sizes are errors with line numbers', async () => {
  await withTempDir(async (dir) => {
    await writeWsolDataset(dir);
    await writeLines(join(dir, 'metadata', 'class_labels.txt'), ['val/b/2.jpg,1', 'val/a/1.JPEG,2']);
    await rejectsWith(dir, /class_labels\.txt, line 2: label 2 is out of range/);
    await writeWsolDataset(dir);
    await writeLines(join(dir, 'metadata', 'image_ids.txt'), ['val/b/2.jpg', 'val/a/1.JPEG', 'val/b/2.jpg']);
    await rejectsWith(dir, /image_ids\.txt, line 3: "val\/b\/2\.jpg" already appears on line 1/);
    await writeWsolDataset(dir);
    await writeLines(join(dir, 'metadata', 'image_sizes.txt'), ['val/b/2.jpg,8,-6']);
    await rejectsWith(dir, /image_sizes\.txt, line 1: height "-6" is not a whole number/);
  });
});

test('a metadata folder without image_ids.txt says what is missing', async () => {
  await withTempDir(async (dir) => {
    await writeSolidImage(join(dir, 'x.png'), 4, 4, grey);
    await writeLines(join(dir, 'metadata', 'class_labels.txt'), ['x.png,0']);
    await rejectsWith(dir, /has no image_ids\.txt/);
  });
});
