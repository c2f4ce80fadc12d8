// Images beside records: a saved cam record (as predict, mix and sweep records) keeps its overlays as files (bytes identical to the data: URIs'), lists
// them, reads back inline; records of schema 1 still open; attachment paths that climb out are refused.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { RUN_RECORD_SCHEMA_VERSION, type RunRecord } from '../../../src/protocol/records';
import { readRunRecord, recordFilePath, saveRunRecord } from '../../../src/engine/runs/store';
import { withImagesInline } from '../../../src/engine/runs/attachments';
import { SWEEP_SHARD_ANALYSIS } from '../../../src/protocol/sweep';
import { temporaryFolder } from '../../fixtures/temporaryFolders';

interface Overlaid { images: Array<{ id: string; overlay: { map: string; image: string } | null }> }

/** One image of a cam run with the numbers every cam record holds beside its overlay. */
const imageNumbers = { label: null, predicted: 0, explained: 0, groundTruth: [], box: { x0: 0, y0: 0, x1: 1, y1: 1 }, iou: null };
/** What a cam run on these images holds besides them, so the record passes the reader's check. */
const camNumbers = {
  modelPath: '/m/model.json', settings: { method: 'cam', normalisation: 'minmax', ivrPercentile: null, layer: 'conv', target: 'top1', evaluationSize: 224, thresholdStep: 0.01, inputSize: [8, 8] },
  thresholds: [0, 0.5], boxThreshold: 0.2, maxBoxAcc: null, maxBoxAccV2: null, localisation: null, scoremapFolder: null, overlayFolder: null, skipped: [], warnings: [],
};

/** A record of `analysis` whose images carry `results`' overlays (as a cam run's do), with boxes and numbers around them. */
function record(analysis: string, results: Overlaid): RunRecord<Overlaid> {
  const images = results.images.map((image) => ({ ...imageNumbers, id: image.id, overlay: image.overlay && { ...image.overlay, boxes: [], ious: null } }));
  return {
    schemaVersion: RUN_RECORD_SCHEMA_VERSION, id: `20260101T000000Z-${analysis}-abcdef`, createdAt: '2026-01-01T00:00:00.000Z',
    spec: { analysis, models: [{ path: '/m/model.json', profile: { version: 1, inputSize: [8, 8], resize: 'stretch', centerCropFraction: 1, scaling: { kind: 'unit' }, channelOrder: 'RGB', guessed: false } }], data: '/d', params: {}, seed: 0 },
    results: { ...camNumbers, imageCount: images.length, images } as unknown as Overlaid,
    timings: { totalMs: 1, imagesPerSecond: null },
    backend: { name: 'cpu', device: 'CPU', deviceName: null, label: 'TF.js cpu · CPU', adapter: null, log: [], tfjsVersion: '4.22.0', threads: 1 },
    versions: { robustnessLens: '0.1.0', tfjs: '4.22.0' },
    attachments: [],
  };
}

async function pngBytes(level: number): Promise<Buffer> {
  return sharp(Buffer.alloc(16, level), { raw: { width: 4, height: 4, channels: 1 } }).png().toBuffer();
}

async function jpegBytes(level: number): Promise<Buffer> {
  return sharp(Buffer.alloc(48, level), { raw: { width: 4, height: 4, channels: 3 } }).jpeg().toBuffer();
}

const uri = (type: string, bytes: Buffer) => `data:${type};base64,${bytes.toString('base64')}`;
const hashName = (bytes: Buffer, extension: string) => `images/${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}.${extension}`;

test('a saved cam record names its overlays as files under images/, byte for byte, lists them, and reads back inline', async () => {
  const runs = temporaryFolder('runs-');
  const [map0, map1, picture] = [await pngBytes(10), await pngBytes(200), await jpegBytes(90)];
  // Two images share the picture: one file holds it.
  const made = record('cam', { images: [
    { id: 'a', overlay: { map: uri('image/png', map0), image: uri('image/jpeg', picture) } },
    { id: 'b', overlay: { map: uri('image/png', map1), image: uri('image/jpeg', picture) } },
    { id: 'c', overlay: null },
  ] });
  const { record: stored, file } = await saveRunRecord(runs, made);
  assert.equal(file, recordFilePath(runs, made.id));
  assert.deepEqual(stored.results.images.map((i) => i.overlay), [
    { map: hashName(map0, 'png'), image: hashName(picture, 'jpg'), boxes: [], ious: null },
    { map: hashName(map1, 'png'), image: hashName(picture, 'jpg'), boxes: [], ious: null },
    null,
  ]);
  assert.deepEqual([...stored.attachments].sort(), [hashName(map0, 'png'), hashName(map1, 'png'), hashName(picture, 'jpg')].sort());
  const folder = join(runs, made.id);
  assert.deepEqual(readFileSync(join(folder, hashName(map0, 'png'))), map0);
  assert.deepEqual(readFileSync(join(folder, hashName(map1, 'png'))), map1);
  assert.deepEqual(readFileSync(join(folder, hashName(picture, 'jpg'))), picture);
  assert.equal(readdirSync(join(folder, 'images')).length, 3, 'no temporaries and no duplicate');
  assert.ok(!readFileSync(file, 'utf8').includes('base64'), 'the record holds no image');
  const read = await readRunRecord(file);
  assert.deepEqual(read, stored);
  assert.deepEqual(await withImagesInline(read as RunRecord<Overlaid>, folder), made);
});

test('a sweep shard\'s record keeps its images inline, for merge to join', async () => {
  const runs = temporaryFolder('runs-');
  const made = record(SWEEP_SHARD_ANALYSIS, { images: [{ id: 'a', overlay: { map: uri('image/png', await pngBytes(3)), image: uri('image/jpeg', await jpegBytes(3)) } }] });
  const { record: stored, file } = await saveRunRecord(runs, made);
  assert.deepEqual(stored, made);
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), made);
  assert.ok(!existsSync(join(runs, made.id, 'images')));
});

test('a schema 1 record (images inline, attachments empty) opens as the current schema with its images as they were', async () => {
  const runs = temporaryFolder('runs-');
  const old = { ...record('cam', { images: [{ id: 'a', overlay: { map: uri('image/png', await pngBytes(7)), image: uri('image/jpeg', await jpegBytes(7)) } }] }), schemaVersion: 1 };
  mkdirSync(join(runs, old.id));
  writeFileSync(recordFilePath(runs, old.id), JSON.stringify(old));
  const read = await readRunRecord(recordFilePath(runs, old.id));
  assert.equal(read.schemaVersion, RUN_RECORD_SCHEMA_VERSION);
  assert.deepEqual(read, { ...old, schemaVersion: RUN_RECORD_SCHEMA_VERSION });
  assert.deepEqual(await withImagesInline(read, join(runs, old.id)), read, 'nothing to read back');
});

test('a record naming an attachment outside images/ is refused when read', async () => {
  const runs = temporaryFolder('runs-');
  for (const [index, bad] of ['../other/record.json', '/etc/passwd', 'images/../../x.png', 'images/notahash.png', 'record.json'].entries()) {
    const made = { ...record('cam', { images: [] }), id: `bad-${index}`, attachments: [bad] };
    mkdirSync(join(runs, made.id));
    writeFileSync(recordFilePath(runs, made.id), JSON.stringify(made));
    await assert.rejects(readRunRecord(recordFilePath(runs, made.id)), /damaged cam run record \((field 'attachments\.0' is invalid: must be a path inside the run folder|its attachment '.*' is not a path under images\/)\)/, bad);
  }
});

test('when an image cannot be written the record is not written either', async () => {
  const runs = temporaryFolder('runs-');
  const made = record('cam', { images: [{ id: 'a', overlay: { map: uri('image/png', await pngBytes(1)), image: uri('image/jpeg', await jpegBytes(1)) } }] });
  mkdirSync(join(runs, made.id));
  writeFileSync(join(runs, made.id, 'images'), 'a file where the images folder goes');
  await assert.rejects(saveRunRecord(runs, made));
  assert.ok(!existsSync(recordFilePath(runs, made.id)));
  assert.ok(statSync(join(runs, made.id, 'images')).isFile());
});

test('reading back inline names a missing image file', async () => {
  const runs = temporaryFolder('runs-');
  const { record: stored } = await saveRunRecord(runs, record('cam', { images: [{ id: 'a', overlay: { map: uri('image/png', await pngBytes(5)), image: uri('image/jpeg', await jpegBytes(5)) } }] }));
  await assert.rejects(withImagesInline(stored, join(runs, 'elsewhere')), (err: Error) => err.name === 'UserFacingError' && err.message.includes(stored.attachments[0]));
});
