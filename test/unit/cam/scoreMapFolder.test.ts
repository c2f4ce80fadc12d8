// Scoring score maps made elsewhere: hand-built maps over hand-placed boxes give the accuracy worked out by hand.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openDataSource } from '../../../src/engine/data/source';
import { UserFacingError } from '../../../src/engine/errors';
import { scoreMapFolder } from '../../../src/engine/cam/scoreMapFolder';
import { writeScoremap } from '../../../src/engine/cam/scoremaps';
import { writeLines, writeSolidImage } from '../../fixtures/data/images';
import { withTempDir } from '../../fixtures/model/tempDir';

const SIZE = 224;

/** A 224×224 map that is 1 inside [x0, x1] × [y0, y1] (inclusive) and 0 elsewhere. */
function boxMap(x0: number, y0: number, x1: number, y1: number) {
  const data = new Float32Array(SIZE * SIZE);
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) data[y * SIZE + x] = 1;
  return { data, height: SIZE, width: SIZE };
}

/** Two 112×112 images (boxes scale ×2 to 224): a.png's object at (10,10)–(49,49), b.png's at (60,60)–(99,99). */
async function writeDataset(dir: string): Promise<void> {
  await mkdir(join(dir, 'images'), { recursive: true });
  await writeSolidImage(join(dir, 'images', 'a.png'), 112, 112, [0, 0, 0]);
  await writeSolidImage(join(dir, 'images', 'b.png'), 112, 112, [0, 0, 0]);
  await writeLines(join(dir, 'metadata', 'image_ids.txt'), ['images/a.png', 'images/b.png']);
  await writeLines(join(dir, 'metadata', 'class_labels.txt'), ['images/a.png,0', 'images/b.png,1']);
  await writeLines(join(dir, 'metadata', 'image_sizes.txt'), ['images/a.png,112,112', 'images/b.png,112,112']);
  await writeLines(join(dir, 'metadata', 'localization.txt'), ['images/a.png,10,10,49,49', 'images/b.png,60,60,99,99']);
}

test('maps covering the boxes score 1; a map covering the wrong place scores 0 for its image', async () => {
  await withTempDir(async (dir) => {
    await writeDataset(dir);
    const maps = join(dir, 'maps');
    // a.png: the map covers its box at 224 (20..99 after ×2). Its largest-contour box is (20,20)–(100,100) under the
    // x0+w convention: IoU = 80·80 / 81·81 = 0.975 ≥ 0.5 at every τ where the mask is non-empty.
    await writeScoremap(maps, 'images/a.png', boxMap(20, 20, 99, 99));
    // b.png: the map lights the top-left corner, far from its box at (120..199): IoU 0 at every τ.
    await writeScoremap(maps, 'images/b.png', boxMap(0, 0, 30, 30));
    const { items } = await openDataSource(dir);
    const results = await scoreMapFolder(maps, items);
    assert.equal(results.scoredImages, 2);
    assert.equal(results.evaluation.maxBoxAcc.maxAccuracy, 0.5);
    assert.equal(results.evaluation.localisation.gtKnown, 0.5);
    assert.deepEqual(results.skipped, []);
  });
});

test('an image without a map is skipped and listed; a map of the wrong size is refused', async () => {
  await withTempDir(async (dir) => {
    await writeDataset(dir);
    const maps = join(dir, 'maps');
    await writeScoremap(maps, 'images/a.png', boxMap(20, 20, 99, 99));
    const { items } = await openDataSource(dir);
    const results = await scoreMapFolder(maps, items);
    assert.equal(results.scoredImages, 1);
    assert.equal(results.evaluation.maxBoxAcc.maxAccuracy, 1);
    assert.equal(results.skipped.length, 1);
    assert.match(results.skipped[0].path, /b\.png$/);
    await writeScoremap(maps, 'images/b.png', { data: new Float32Array(64 * 64), height: 64, width: 64 });
    await assert.rejects(scoreMapFolder(maps, items), (err: unknown) => err instanceof UserFacingError && /64×64; wsolevaluation maps are 224×224/.test(err.message));
  });
});

test('a box reaching outside its image is clipped to it before scoring, with a warning naming its line', async () => {
  await withTempDir(async (dir) => {
    await writeDataset(dir);
    // Line 2 reaches past b.png's right and bottom edges (112×112): clipped to (60, 60)–(111, 111), i.e. (120, 120)–(222, 222) at 224.
    await writeLines(join(dir, 'metadata', 'localization.txt'), ['images/a.png,10,10,49,49', 'images/b.png,60,60,150,140']);
    const clippedDir = join(dir, 'clipped');
    await writeDataset(clippedDir);
    await writeLines(join(clippedDir, 'metadata', 'localization.txt'), ['images/a.png,10,10,49,49', 'images/b.png,60,60,111,111']);
    const maps = join(dir, 'maps');
    await writeScoremap(maps, 'images/a.png', boxMap(20, 20, 99, 99));
    await writeScoremap(maps, 'images/b.png', boxMap(120, 120, 222, 222));
    const outside = await scoreMapFolder(maps, (await openDataSource(dir)).items);
    const inside = await scoreMapFolder(maps, (await openDataSource(clippedDir)).items);
    assert.deepEqual(outside.evaluation, inside.evaluation, 'scored as the clipped box');
    assert.equal(outside.evaluation.maxBoxAcc.maxAccuracy, 1);
    assert.deepEqual(inside.warnings, []);
    assert.equal(outside.warnings.length, 1);
    assert.match(outside.warnings[0], /^1 ground-truth box reached outside its image and was clipped/);
    assert.match(outside.warnings[0], /localization\.txt line 2 \(images\/b\.png\): the box \(60, 60\)–\(150, 140\) reaches outside the 112×112 image; clipped to \(60, 60\)–\(111, 111\)/);
  });
});
