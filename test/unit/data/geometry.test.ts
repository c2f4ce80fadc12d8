import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planResize } from '../../../src/engine/data/geometry';

test('stretch resizes straight to the input size with no crop', () => {
  assert.deepEqual(planResize(500, 375, { height: 224, width: 224, resize: 'stretch', centerCropFraction: 0.875 }),
    { resizeWidth: 224, resizeHeight: 224, crop: null });
});

test('shorter-side matches "resize 256, centre-crop 224" for a landscape image', () => {
  // Shorter side 375 → 256, so 500 → round(500 · 256/375) = round(341.33) = 341; offsets floor(117/2), floor(32/2).
  assert.deepEqual(planResize(500, 375, { height: 224, width: 224, resize: 'shorter-side', centerCropFraction: 0.875 }),
    { resizeWidth: 341, resizeHeight: 256, crop: { left: 58, top: 16, width: 224, height: 224 } });
});

test('shorter-side on a portrait image and a non-square input covers both sides', () => {
  assert.deepEqual(planResize(300, 600, { height: 32, width: 32, resize: 'shorter-side', centerCropFraction: 1 }),
    { resizeWidth: 32, resizeHeight: 64, crop: { left: 0, top: 16, width: 32, height: 32 } });
  // Input 10 high × 40 wide on a square image: the image must cover 40×40, so it becomes 40×40 and is cropped vertically.
  assert.deepEqual(planResize(100, 100, { height: 10, width: 40, resize: 'shorter-side', centerCropFraction: 1 }),
    { resizeWidth: 40, resizeHeight: 40, crop: { left: 0, top: 15, width: 40, height: 10 } });
});

test('shorter-side with nothing to crop gives no crop', () => {
  assert.deepEqual(planResize(64, 64, { height: 32, width: 32, resize: 'shorter-side', centerCropFraction: 1 }),
    { resizeWidth: 32, resizeHeight: 32, crop: null });
});
