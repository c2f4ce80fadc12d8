import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { UnreadableImageError, decodeOriginal, decodeRgb, thumbnailJpeg } from '../../../src/engine/data/decode';
import { UserFacingError } from '../../../src/engine/errors';
import { withTempDir } from '../../fixtures/model/tempDir';
import { writeGif, writeOrientedJpeg, writeOversizedPngHeader, writePixels, writeSolidImage, writeTruncatedJpeg } from '../../fixtures/data/images';

/** Rows repeated `height` times: an image whose columns are constant, so only horizontal resampling matters. */
function repeatRows(row: number[][], height: number): number[] {
  return Array.from({ length: height }, () => row.flat()).flat();
}

/**
 * Halving with sharp's 'linear' kernel (libvips reduce): output column j is centred on input x = 2j + 0.5
 * and the triangle widened ×2 gives input columns 2j−1, 2j, 2j+1, 2j+2 weights 1, 3, 3, 1 (/8), edges repeated.
 */
function halveColumns(columns: number[][]): number[][] {
  const at = (x: number): number[] => columns[Math.min(Math.max(x, 0), columns.length - 1)];
  return Array.from({ length: columns.length / 2 }, (_, j) =>
    [0, 1, 2].map((c) => (at(2 * j - 1)[c] + 3 * at(2 * j)[c] + 3 * at(2 * j + 1)[c] + at(2 * j + 2)[c]) / 8));
}

function assertClose(actual: Uint8Array, expected: number[], tolerance: number): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((value, i) => assert.ok(Math.abs(value - expected[i]) <= tolerance, `byte ${i}: ${value} vs ${expected[i]}`));
}

test('stretch resizes a 4×2 image to 2×1 with the triangle filter', async () => {
  await withTempDir(async (dir) => {
    const columns = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255]];
    await writePixels(join(dir, 'a.png'), 4, 2, 3, repeatRows(columns, 2));
    const pixels = await decodeRgb(join(dir, 'a.png'), { height: 1, width: 2, resize: 'stretch', centerCropFraction: 1 });
    // By hand: (255·4 + 0·3 + 0·1)/8 = 127.5, (255·3)/8 = 95.6, 255/8 = 31.9; and mirrored for the right pixel.
    assertClose(pixels, [127.5, 95.6, 31.9, 127.5, 159.4, 223.1], 0.6);
    assertClose(pixels, halveColumns(columns).flat(), 0.6);
  });
});

test('shorter-side resizes to cover, then crops the centre', async () => {
  await withTempDir(async (dir) => {
    const columns = Array.from({ length: 8 }, (_, x) => [30 * x, 30 * x + 5, 30 * x + 10]);
    await writePixels(join(dir, 'b.png'), 8, 4, 3, repeatRows(columns, 4));
    // 2×2 input, fraction 1: 8×4 → 4×2 (shorter side 2), crop columns 1..2 (left = floor((4 − 2)/2)).
    const square = await decodeRgb(join(dir, 'b.png'), { height: 2, width: 2, resize: 'shorter-side', centerCropFraction: 1 });
    const halved = halveColumns(columns);
    assertClose(square, repeatRows([halved[1], halved[2]], 2), 0.6);
    assertClose(square, repeatRows([[75, 80, 85], [135, 140, 145]], 2), 0.6);
    // 1×1 input, fraction 0.5: shorter side round(1/0.5) = 2, so again 4×2, then left = floor(3/2) = 1, top = 0.
    const single = await decodeRgb(join(dir, 'b.png'), { height: 1, width: 1, resize: 'shorter-side', centerCropFraction: 0.5 });
    assertClose(single, halved[1], 0.6);
  });
});

test('grayscale becomes three equal channels and transparency is flattened onto black', async () => {
  await withTempDir(async (dir) => {
    await writePixels(join(dir, 'grey.png'), 2, 1, 1, [10, 200]);
    assert.deepEqual(await decodeOriginal(join(dir, 'grey.png')), { pixels: new Uint8Array([10, 10, 10, 200, 200, 200]), width: 2, height: 1 });
    await writePixels(join(dir, 'rgba.png'), 2, 1, 4, [255, 0, 0, 128, 0, 255, 0, 0]);
    assertClose((await decodeOriginal(join(dir, 'rgba.png'))).pixels, [128, 0, 0, 0, 0, 0], 1);
    await writePixels(join(dir, 'grey-alpha.png'), 1, 1, 2, [200, 128]);
    assertClose((await decodeOriginal(join(dir, 'grey-alpha.png'))).pixels, [100, 100, 100], 1);
  });
});

test('EXIF orientation is applied before anything else', async () => {
  await withTempDir(async (dir) => {
    // 8 wide × 4 high, top two rows white, bottom two black; orientation 6 shows it rotated 90° clockwise.
    const pixels = Array.from({ length: 4 }, (_, y) => Array.from({ length: 8 }, () => (y < 2 ? [255, 255, 255] : [0, 0, 0])).flat()).flat();
    await writeOrientedJpeg(join(dir, 'turned.jpg'), 8, 4, pixels, 6);
    const image = await decodeOriginal(join(dir, 'turned.jpg'));
    assert.deepEqual([image.width, image.height], [4, 8]);
    const red = (x: number, y: number): number => image.pixels[(y * image.width + x) * 3];
    assert.ok(red(0, 0) < 40 && red(3, 7) > 215, 'the white top rows become the right-hand columns');
    const stretched = await decodeRgb(join(dir, 'turned.jpg'), { height: 8, width: 4, resize: 'stretch', centerCropFraction: 1 });
    assert.ok(stretched[0] < 40 && stretched[3 * 3] > 215);
  });
});

test('a truncated JPEG fails with a reason that says so', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'cut.jpg');
    await writeTruncatedJpeg(path);
    await assert.rejects(decodeRgb(path, { height: 8, width: 8, resize: 'stretch', centerCropFraction: 1 }), (err: unknown) => {
      assert.ok(err instanceof UnreadableImageError);
      assert.equal(err.code, 'bad-input');
      assert.equal(err.path, path);
      assert.match(err.reason, /truncated or corrupt \(.*premature end/i);
      assert.ok(err.message.startsWith(`Cannot read ${path}: `));
      return true;
    });
  });
});

test('an image whose header is over the pixel limit is refused before decoding', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'huge.png');
    await writeOversizedPngHeader(path, 20000, 20000);
    // The pixel data is only a few bytes, so any attempt to decode would fail as corrupt, not as too large.
    const attempts = [
      () => decodeRgb(path, { height: 8, width: 8, resize: 'stretch', centerCropFraction: 1 }),
      () => decodeOriginal(path),
      () => thumbnailJpeg(path),
    ];
    for (const attempt of attempts) {
      await assert.rejects(attempt(), (err: unknown) =>
        err instanceof UserFacingError && err.code === 'too-large' && err.message === `Cannot read ${path}: 20000 × 20000 pixels is more than the 100 MP limit.`);
    }
  });
});

test('the pixel limit is configurable', async () => {
  await withTempDir(async (dir) => {
    await writeSolidImage(join(dir, 'small.png'), 4, 2, [1, 2, 3]);
    await assert.rejects(decodeOriginal(join(dir, 'small.png'), { maxPixels: 7 }), /4 × 2 pixels is more than the 0\.000007 MP limit/);
    assert.equal((await decodeOriginal(join(dir, 'small.png'), { maxPixels: 8 })).width, 4);
  });
});

test('files that are not JPEG, PNG or WebP inside are refused as unsupported', async () => {
  await withTempDir(async (dir) => {
    await writeFile(join(dir, 'text.png'), 'this is not an image');
    await assert.rejects(decodeOriginal(join(dir, 'text.png')), (err: unknown) =>
      err instanceof UnreadableImageError && err.code === 'unsupported' && err.reason === 'its content is not a JPEG, PNG or WebP image');
    await writeGif(join(dir, 'really-a-gif.png'), 4, 4);
    await assert.rejects(decodeOriginal(join(dir, 'really-a-gif.png')), (err: unknown) =>
      err instanceof UnreadableImageError && err.code === 'unsupported' && /content is gif/.test(err.reason));
    await assert.rejects(decodeOriginal(join(dir, 'missing.png')), (err: unknown) =>
      err instanceof UnreadableImageError && err.code === 'not-found');
  });
});

test('thumbnailJpeg gives a real JPEG no larger than maxSide, keeping the aspect ratio', async () => {
  await withTempDir(async (dir) => {
    await writeSolidImage(join(dir, 'wide.webp'), 300, 150, [200, 30, 30]);
    const metadata = await sharp(await thumbnailJpeg(join(dir, 'wide.webp'))).metadata();
    assert.deepEqual([metadata.format, metadata.width, metadata.height], ['jpeg', 96, 48]);
    const small = await sharp(await thumbnailJpeg(join(dir, 'wide.webp'), 400)).metadata();
    assert.deepEqual([small.width, small.height], [300, 150], 'never enlarged');
  });
});
