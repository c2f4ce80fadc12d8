import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { encodeUnitFloatsPng } from '../../../src/engine/sweep/pngEncoder';

/** Math.round(clip(v)·255), the bytes a corrupted copy must hold. */
function expectedBytes(values: Float32Array): Uint8Array {
  return Uint8Array.from(values, (v) => Math.round(Math.min(1, Math.max(0, Number.isNaN(v) ? 0 : v)) * 255));
}

/** Values spread over and past [0, 1], with exact halves after ×255 and a NaN. */
function testValues(count: number): Float32Array {
  const values = Float32Array.from({ length: count }, (_, i) => (i % 5 === 0 ? (i % 511) / 510 : ((i * 7919) % 1300) / 1000 - 0.15));
  values[3] = Number.NaN;
  return values;
}

test('encodeUnitFloatsPng writes an RGB PNG that libvips decodes to Math.round(clip(v)·255), odd sizes included', async () => {
  for (const [width, height] of [[7, 5], [224, 224], [1, 1], [33, 2]]) {
    const values = testValues(width * height * 3);
    const png = encodeUnitFloatsPng(values, width, height);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual([info.width, info.height, info.channels, info.format], [width, height, 3, 'raw']);
    assert.deepEqual(new Uint8Array(data), expectedBytes(values), `${width}×${height}`);
    const metadata = await sharp(png).metadata();
    assert.deepEqual([metadata.format, metadata.depth, metadata.space], ['png', 'uchar', 'srgb']);
  }
});
