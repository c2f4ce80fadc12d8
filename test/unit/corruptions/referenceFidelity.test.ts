// Our corruptions against the reference generators' own outputs (definitions.md §1.1, §1.3), on committed sample
// photos: fixtures made by scripts/corruption-reference/make_reference.py, which runs the ImageNet-C, CIFAR-10-C and
// imagecorruptions code. Deterministic corruptions must match at ≥ 45 dB PSNR at every severity and have
// the same 8-bit quantisation (np.uint8 truncation, no mean shift); random ones must have the reference's mean
// strength within 3 % over several seeds; glass blur's pixel moves must replay the reference's exactly.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { selectBackend } from '../../../src/engine/backend';
import { shufflePixelsLocally } from '../../../src/engine/corruptions/blur/glassBlur';
import { corrupt, SEVERITIES, type CorruptionName, type ParameterSetName } from '../../../src/engine/corruptions';
import { SeededRandom } from '../../../src/engine/random';

const REFERENCE = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'corruptions', 'reference');
const IMAGE_COUNT = 3;
const MIN_PSNR_DB = 45;
/**
 * Largest mean of (ours − reference) in 8-bit levels: both truncate (np.uint8), so it stays near 0; rounding instead
 * would add about +½. (Defocus at low severities sits above 0, e.g. +0.1 at severity 1: the generator's float32 kernel
 * sums to just under 1, so its flat regions truncate one level lower; ours sums in float64 too, but its float32 inputs
 * lie within ±3·10⁻⁸ of the levels, so only some of those regions do.)
 */
const MAX_LEVEL_BIAS = 0.25;
const MAX_STRENGTH_GAP = 0.03;
const OUR_SEEDS = [0, 1, 2, 3, 4, 5];

/** A committed PNG as RGB bytes. */
async function readPng(relative: string): Promise<{ bytes: Uint8Array; side: number }> {
  const { data, info } = await sharp(join(REFERENCE, relative)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { bytes: new Uint8Array(data), side: info.width };
}

async function readBatch(files: string[]): Promise<{ bytes: Uint8Array[]; side: number }> {
  const images = await Promise.all(files.map(readPng));
  return { bytes: images.map((i) => i.bytes), side: images[0].side };
}

function toTensor(bytes: Uint8Array[], side: number): tf.Tensor4D {
  const values = new Float32Array(bytes.length * bytes[0].length);
  bytes.forEach((b, i) => values.set(Float32Array.from(b, (v) => v / 255), i * b.length));
  return tf.tensor4d(values, [bytes.length, side, side, 3]);
}

/** Our output as 8-bit levels (corrupt() returns whole levels / 255). */
async function levels(images: tf.Tensor4D): Promise<Uint8Array> {
  const data = (await images.data()) as Float32Array;
  return Uint8Array.from(data, (v) => Math.round(v * 255));
}

function psnrDb(ours: Uint8Array, reference: Uint8Array): number {
  let squared = 0;
  for (let i = 0; i < ours.length; i++) squared += (ours[i] - reference[i]) ** 2;
  return squared === 0 ? Infinity : 10 * Math.log10((255 * 255) / (squared / ours.length));
}

function meanSignedDifference(ours: Uint8Array, reference: Uint8Array): number {
  let total = 0;
  for (let i = 0; i < ours.length; i++) total += ours[i] - reference[i];
  return total / ours.length;
}

function meanAbsoluteChange(ours: Uint8Array, clean: Uint8Array): number {
  let total = 0;
  for (let i = 0; i < ours.length; i++) total += Math.abs(ours[i] - clean[i]);
  return total / ours.length;
}

const INPUT_PREFIX: Record<ParameterSetName, string> = { 'imagenet-c': 'imagenet', 'cifar-10-c': 'cifar' };
const indices = Array.from({ length: IMAGE_COUNT }, (_, i) => i);

before(async () => {
  await selectBackend('wasm');
});

describe('deterministic corruptions match the reference generators', () => {
  for (const set of ['imagenet-c', 'cifar-10-c'] as const) {
    for (const name of ['zoom_blur', 'defocus_blur', 'pixelate'] as CorruptionName[]) {
      test(`${name} (${set}): ≥ ${MIN_PSNR_DB} dB and truncated like np.uint8 at every severity`, async () => {
        const clean = await readBatch(indices.map((i) => `inputs/${INPUT_PREFIX[set]}-${i}.png`));
        const images = toTensor(clean.bytes, clean.side);
        for (const severity of SEVERITIES) {
          const expected = await readBatch(indices.map((i) => `${set}/${name}-${severity}-${i}.png`));
          const out = await corrupt(images, name, severity, SeededRandom.fromSeed(0), { parameterSet: set });
          const ours = await levels(out);
          out.dispose();
          const perImage = clean.bytes[0].length;
          expected.bytes.forEach((reference, i) => {
            const mine = ours.subarray(i * perImage, (i + 1) * perImage);
            const db = psnrDb(mine, reference);
            const bias = meanSignedDifference(mine, reference);
            assert.ok(db >= MIN_PSNR_DB, `severity ${severity}, image ${i}: ${db.toFixed(2)} dB`);
            assert.ok(Math.abs(bias) <= MAX_LEVEL_BIAS, `severity ${severity}, image ${i}: ours − reference is ${bias.toFixed(3)} levels on average`);
          });
        }
        images.dispose();
      });
    }
  }
});

test('glass blur pixel moves replay the reference exactly, given its offsets (each copies its neighbour)', () => {
  const fixture = JSON.parse(readFileSync(join(REFERENCE, 'glass-moves.json'), 'utf8')) as {
    height: number; width: number; delta: number; iterations: number; input: number[]; draws: number[]; output: number[];
  };
  const pixels = Uint8Array.from(fixture.input);
  let next = 0;
  // Our draws are uniform integers in [0, 2δ) shifted by −δ, dx then dy: feed the reference's (dx, dy) back shifted by δ.
  const replay = { fillInt: (values: Int32Array, n: number): void => {
    assert.equal(n, 2 * fixture.delta);
    for (let i = 0; i < values.length; i++) values[i] = fixture.draws[next++] + fixture.delta;
  } };
  shufflePixelsLocally(pixels, fixture.height, fixture.width, fixture.delta, fixture.iterations, replay);
  assert.equal(next, fixture.draws.length);
  assert.deepEqual(Array.from(pixels), fixture.output);
});

describe('random corruptions have the reference strength (mean |change| within 3 % over seeds)', () => {
  const figures = JSON.parse(readFileSync(join(REFERENCE, 'strength.json'), 'utf8')) as Record<'glass_blur' | 'snow', { bySeverity: number[] }>;
  for (const name of ['glass_blur', 'snow'] as const) {
    test(`${name} (imagenet-c, 224 px)`, async () => {
      const clean = await readBatch(indices.map((i) => `inputs/imagenet-${i}.png`));
      const cleanLevels = new Uint8Array(clean.bytes.length * clean.bytes[0].length);
      clean.bytes.forEach((b, i) => cleanLevels.set(b, i * b.length));
      const images = toTensor(clean.bytes, clean.side);
      const gaps: string[] = [];
      for (const severity of SEVERITIES) {
        let total = 0;
        for (const seed of OUR_SEEDS) {
          const out = await corrupt(images, name, severity, SeededRandom.fromSeed(seed), { parameterSet: 'imagenet-c' });
          total += meanAbsoluteChange(await levels(out), cleanLevels);
          out.dispose();
        }
        const ours = total / OUR_SEEDS.length;
        const reference = figures[name].bySeverity[severity - 1];
        const gap = ours / reference - 1;
        gaps.push(`${severity}: ${ours.toFixed(3)} vs ${reference.toFixed(3)} (${(gap * 100).toFixed(1)} %)`);
        assert.ok(Math.abs(gap) <= MAX_STRENGTH_GAP, `severity ${gaps.at(-1)}; all so far: ${gaps.join('; ')}`);
      }
      images.dispose();
    });
  }
});
