// What the hosts post to their webviews, built from real runs of the engine, passes the schemas the webviews parse it
// with (protocol/messages): a webview never drops a message its host meant.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import type { ZodMiniType } from 'zod/mini';
import { EngineSession } from '../../../src/engine/session';
import { localisationHostMessageSchema } from '../../../src/protocol/messages/localisation';
import { DEFAULT_MIX_CHOICES, mixHostMessageSchema } from '../../../src/protocol/messages/mix';
import { overviewHostMessageSchema } from '../../../src/protocol/messages/overview';
import { sweepHostMessageSchema } from '../../../src/protocol/messages/sweep';
import { temporaryFolder } from '../../fixtures/temporaryFolders';

const repo = resolve(__dirname, '..', '..', '..', '..');
const sampleModel = join(repo, 'samples', 'models', 'baseline', 'model.json');
const sampleData = join(repo, 'samples', 'data');

/** The message as the webview gets it (structured-cloned, here JSON), which its schema must pass unchanged. */
function assertPasses<Message>(schema: ZodMiniType<Message>, message: Message): void {
  const sent = JSON.parse(JSON.stringify(message)) as unknown;
  const parsed = schema.safeParse(sent);
  assert.ok(parsed.success, parsed.success ? '' : `${(message as { type: string }).type}: ${JSON.stringify(parsed.error.issues[0])}`);
  assert.deepEqual(parsed.data, sent);
}

test('every message a host builds from the engine\'s answers passes its webview\'s schema, and a wrong one does not', async () => {
  const engine = await EngineSession.start({ backend: 'wasm', batchSize: 8 });
  const model = await engine.loadModel({ path: sampleModel });
  const { modelId } = model;
  const backend = engine.backend;
  const common = { progressToken: 't', runsFolder: temporaryFolder('host-messages-') };
  const quiet = (): void => undefined;
  const models = [{ path: sampleModel, classNames: model.labels.names }];

  assertPasses(overviewHostMessageSchema, { type: 'model', model, backend });
  const predictions = await engine.predict({ modelId, data: sampleData, topK: 3, limit: 4, includeProbabilities: true, includeThumbnails: true, ...common }, quiet);
  assertPasses(overviewHostMessageSchema, { type: 'predictions', record: predictions, recordFile: '/r/record.json' });
  for (const status of [{ type: 'progress', done: 1, total: 4, message: 'Predicting' }, { type: 'busy', busy: true }, { type: 'error', message: 'e' }, { type: 'notice', message: 'n' }] as const) {
    assertPasses(overviewHostMessageSchema, status);
  }

  const cam = await engine.localise({ modelId, data: sampleData, method: 'gradcam', normalisation: 'minmax', target: 'gt', limit: 3, includeOverlays: true, ...common }, quiet);
  const choices = { method: 'gradcam', normalisation: 'minmax', target: 'gt', faithfulness: false } as const;
  assertPasses(localisationHostMessageSchema, { type: 'setup', models, data: sampleData, choices, backend, splits: false });
  assertPasses(localisationHostMessageSchema, { type: 'results', records: [cam], recordFiles: ['/r/record.json'] });

  const sweepParams = { modelIds: [modelId], data: sampleData, corruptions: ['contrast'], severities: [1], fgsmEpsilons: [0.01], occlusion: true, limit: 4, ...common };
  assertPasses(sweepHostMessageSchema, { type: 'setup', models: [{ path: sampleModel, name: 'baseline' }], data: sampleData, backend });
  assertPasses(sweepHostMessageSchema, { type: 'plan', plan: await engine.planSweep(sweepParams) });
  const sweep = await engine.sweep(sweepParams, quiet);
  assertPasses(sweepHostMessageSchema, { type: 'results', record: sweep, recordFile: '/r/record.json' });

  const mix = await engine.mix({ modelIds: [modelId], data: sampleData, method: 'puzzlemix', pairing: { kind: 'random', count: 2 }, lambda: { kind: 'fixed', value: 0.4 }, puzzle: DEFAULT_MIX_CHOICES.puzzle, seed: 1, ...common }, quiet);
  assertPasses(mixHostMessageSchema, { type: 'setup', models, data: sampleData, images: [{ id: 'a', label: 0 }], choices: DEFAULT_MIX_CHOICES, backend });
  assertPasses(mixHostMessageSchema, { type: 'results', record: mix, recordFile: '/r/record.json', snippets: { pytorch: 'p', tfdata: 't' } });

  assert.equal(sweepHostMessageSchema.safeParse({ type: 'results', record: { ...sweep, results: { ...sweep.results, models: 'none' } }, recordFile: '/r' }).success, false);
  assert.equal(mixHostMessageSchema.safeParse({ type: 'plan' }).success, false, 'another panel\'s message');
});
