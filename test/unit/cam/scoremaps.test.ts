// .npy score maps: the writer's exact bytes, a round trip through a folder, and files written byte by byte here.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeNpy, encodeNpy } from '../../../src/engine/cam/npy';
import { listScoremapIds, readScoremap, scoremapPath, writeScoremap } from '../../../src/engine/cam/scoremaps';
import { UserFacingError } from '../../../src/engine/errors';
import { temporaryFolder } from '../../fixtures/temporaryFolders';

/** A .npy file built by hand: magic, version, header length (2 or 4 bytes LE), header padded to 64 with '\n', data. */
function handMadeNpy(major: number, header: string, data: Uint8Array): Uint8Array {
  const lengthBytes = major === 1 ? 2 : 4;
  const prefix = 6 + 2 + lengthBytes;
  const padded = header + ' '.repeat((64 - ((prefix + header.length + 1) % 64)) % 64) + '\n';
  const bytes = new Uint8Array(prefix + padded.length + data.length);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0], 0);
  bytes[8] = padded.length & 0xff;
  bytes[9] = padded.length >> 8;
  for (let i = 0; i < padded.length; i++) bytes[prefix + i] = padded.charCodeAt(i);
  bytes.set(data, prefix + padded.length);
  return bytes;
}

function float64le(values: number[]): Uint8Array {
  const view = new DataView(new ArrayBuffer(values.length * 8));
  values.forEach((v, i) => view.setFloat64(i * 8, v, true));
  return new Uint8Array(view.buffer);
}

function float32le(values: number[]): Uint8Array {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return new Uint8Array(view.buffer);
}

test('the writer produces numpy\'s v1.0 layout: 64-byte-aligned header ending in a newline, then float32 LE', () => {
  const bytes = encodeNpy({ data: Float32Array.from([0, 0.25, 0.5, 0.75, 1, 0.125]), height: 2, width: 3 });
  assert.deepEqual(Array.from(bytes.subarray(0, 8)), [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const headerLength = bytes[8] + 256 * bytes[9];
  assert.equal((10 + headerLength) % 64, 0);
  const header = new TextDecoder('latin1').decode(bytes.subarray(10, 10 + headerLength));
  assert.equal(header.trimEnd(), "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }");
  assert.ok(header.endsWith('\n'));
  assert.deepEqual(Array.from(bytes.subarray(10 + headerLength)), Array.from(float32le([0, 0.25, 0.5, 0.75, 1, 0.125])));
});

test('hand-made files: <f8 version 1.0, and <f4 in Fortran order with a version 2.0 header', () => {
  const f8 = handMadeNpy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", float64le([0.1, 0.2, 0.3, 1]));
  assert.deepEqual(decodeNpy(f8, 'f8.npy'), { data: Float32Array.from([0.1, 0.2, 0.3, 1]), height: 2, width: 2 });
  // Column-major storage of [[1, 2, 3], [4, 5, 6]] is 1, 4, 2, 5, 3, 6.
  const fortran = handMadeNpy(2, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", float32le([1, 4, 2, 5, 3, 6]));
  assert.deepEqual(decodeNpy(fortran, 'fortran.npy'), { data: Float32Array.from([1, 2, 3, 4, 5, 6]), height: 2, width: 3 });
});

test('other dtypes, shapes and non-.npy files are refused with a message naming the file', () => {
  const bigEndian = handMadeNpy(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (1, 1), }", new Uint8Array(4));
  assert.throws(() => decodeNpy(bigEndian, 'be.npy'), (err: unknown) => err instanceof UserFacingError && /be\.npy.*>f4.*<f4.*<f8/.test(err.message));
  const ints = handMadeNpy(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (1, 1), }", new Uint8Array(4));
  assert.throws(() => decodeNpy(ints, 'ints.npy'), UserFacingError);
  const cube = handMadeNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1), }", new Uint8Array(4));
  assert.throws(() => decodeNpy(cube, 'cube.npy'), /2-D/);
  const truncated = handMadeNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", new Uint8Array(8));
  assert.throws(() => decodeNpy(truncated, 'short.npy'), /truncated/);
  assert.throws(() => decodeNpy(new TextEncoder().encode('not numpy at all'), 'text.npy'), /not a \.npy file/);
});

test('a folder round trip: ids with / become subfolders, and ids that would leave the folder are refused', async () => {
  const root = temporaryFolder('scoremaps-');
  const map = { data: Float32Array.from([0, 0.5, 1, 0.25]), height: 2, width: 2 };
  await writeScoremap(root, '001.Albatross/Albatross_0001.jpg', map);
  await writeScoremap(root, 'top.jpg', { ...map, data: Float32Array.from([1, 1, 0, 0]) });
  assert.equal(scoremapPath(root, '001.Albatross/Albatross_0001.jpg'), join(root, '001.Albatross', 'Albatross_0001.jpg.npy'));
  assert.ok((await readFile(join(root, '001.Albatross', 'Albatross_0001.jpg.npy'))).length > 0);
  assert.deepEqual(await listScoremapIds(root), ['001.Albatross/Albatross_0001.jpg', 'top.jpg']);
  assert.deepEqual(await readScoremap(root, '001.Albatross/Albatross_0001.jpg'), map);
  await writeFile(join(root, 'notes.txt'), 'not a map');
  assert.deepEqual(await listScoremapIds(root), ['001.Albatross/Albatross_0001.jpg', 'top.jpg']);
  await assert.rejects(readScoremap(root, 'missing.jpg'), UserFacingError);
  assert.throws(() => scoremapPath(root, '../outside.jpg'), UserFacingError);
  assert.throws(() => scoremapPath(root, '/abs.jpg'), UserFacingError);
});
