// A saved predict or cam run writes its images into its run folder while it runs (none held in memory until the end): files
// are there before the last batch, the saved record names exactly them, they are the images an unsaved run inlines, and a
// cancelled run leaves no folder behind.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EngineSession } from '../../../src/engine/session';
import { readRunRecord, recordFilePath } from '../../../src/engine/runs/store';
import type { CamResults } from '../../../src/protocol/cam';
import type { PredictResults } from '../../../src/protocol/predict';
import { temporaryFolder } from '../../fixtures/temporaryFolders';

const repo = resolve(__dirname, '..', '..', '..', '..');
const sampleModel = join(repo, 'samples', 'models', 'baseline', 'model.json');
const sampleData = join(repo, 'samples', 'data');
const quiet = (): void => undefined;

/** The image files under every run folder of `runsFolder`. */
function imageFiles(runsFolder: string): string[] {
  return readdirSync(runsFolder).flatMap((run) => {
    const images = join(runsFolder, run, 'images');
    return existsSync(images) ? readdirSync(images).map((name) => join(run, 'images', name)) : [];
  });
}

test('a saved cam run writes its overlays as it goes, and they are the images an unsaved run inlines', async () => {
  const engine = await EngineSession.start({ backend: 'wasm', batchSize: 4 });
  const { modelId } = await engine.loadModel({ path: sampleModel });
  const runsFolder = temporaryFolder('images-as-they-come-');
  const params = { modelId, data: sampleData, method: 'cam' as const, normalisation: 'minmax' as const, target: 'top1' as const, limit: 8, includeOverlays: true, progressToken: 't' };
  const writtenBeforeTheEnd: number[] = [];
  const saved = await engine.localise({ ...params, runsFolder }, (p) => {
    if (p.done > 0 && p.done < 8) writtenBeforeTheEnd.push(imageFiles(runsFolder).length);
  });
  assert.ok(writtenBeforeTheEnd.some((n) => n > 0), `image files exist while the run goes on (${writtenBeforeTheEnd.join(', ')})`);
  const read = await readRunRecord(recordFilePath(runsFolder, saved.id));
  const named = read.results as CamResults;
  const paths = named.images.flatMap((image) => (image.overlay ? [image.overlay.map, image.overlay.image] : []));
  assert.equal(paths.length, 16);
  assert.deepEqual([...new Set(paths)].sort(), [...read.attachments].sort(), 'the record lists exactly the files its results name');
  assert.deepEqual(imageFiles(runsFolder).map((f) => f.split('/').slice(1).join('/')).sort(), [...read.attachments].sort(), 'no other file was written');

  const inline = await engine.localise(params, quiet);
  for (const [i, image] of inline.results.images.entries()) {
    const overlay = named.images[i].overlay;
    assert.ok(image.overlay && overlay);
    for (const [uri, file] of [[image.overlay.map, overlay.map], [image.overlay.image, overlay.image]]) {
      assert.deepEqual(readFileSync(join(runsFolder, saved.id, file)), Buffer.from(uri.split(',')[1], 'base64'), `${file} holds the inline image's bytes`);
    }
  }
});

test('a saved predict run writes its thumbnails into its folder; a cancelled one leaves no folder', async () => {
  const engine = await EngineSession.start({ backend: 'wasm', batchSize: 4 });
  const { modelId } = await engine.loadModel({ path: sampleModel });
  const runsFolder = temporaryFolder('images-as-they-come-');
  const params = { modelId, data: sampleData, topK: 1, limit: 8, includeProbabilities: false, includeThumbnails: true, progressToken: 't', runsFolder };
  const saved = await engine.predict(params, quiet);
  const results = (await readRunRecord(recordFilePath(runsFolder, saved.id))).results as PredictResults;
  assert.ok(results.predictions.every((p) => p.thumbnail?.startsWith('images/') && existsSync(join(runsFolder, saved.id, p.thumbnail))));

  const controller = new AbortController();
  await assert.rejects(engine.predict(params, (p) => { if (p.done > 0) controller.abort(); }, controller.signal), /cancelled/);
  assert.deepEqual(readdirSync(runsFolder), [saved.id], 'the cancelled run\'s folder is gone');
});
