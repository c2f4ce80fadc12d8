// `node out/scripts/bench/runListing.js [runs] [record KB]`: the runs view's listing over a folder of saved runs, as it
// lists them now (summary.json beside each record) against parsing every whole record (how it listed them before), in
// the same run. Records are padded to the given size (default 200 KB, a sweep's record; a 250-image localisation
// record with inline images was 5.7 MB).
import { mkdtempSync, promises as fs, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RUN_RECORD_SCHEMA_VERSION, type RunRecord } from '../../src/protocol/records';
import { listRuns, newRunId, readRunRecord, recordFilePath, saveRunRecord } from '../../src/engine/runs/store';

const RUNS = Number(process.argv[2] ?? 1000);
const RECORD_KB = Number(process.argv[3] ?? 200);

function paddedRecord(index: number): RunRecord<{ padding: string }> {
  return {
    schemaVersion: RUN_RECORD_SCHEMA_VERSION, id: newRunId('sweep', new Date(Date.UTC(2026, 0, 1, 0, 0, index))), createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString(),
    spec: { analysis: 'sweep', models: [{ path: `/models/m${index}/model.onnx`, profile: { version: 1, inputSize: [224, 224], resize: 'stretch', centerCropFraction: 1, scaling: { kind: 'unit' }, channelOrder: 'RGB', guessed: false } }], data: '/data', params: {}, seed: 0 },
    results: { padding: 'x'.repeat(RECORD_KB * 1024) },
    timings: { totalMs: 1, imagesPerSecond: null },
    backend: { name: 'wasm', device: 'CPU', deviceName: null, label: 'TF.js wasm · CPU', adapter: null, log: [], tfjsVersion: '4.22.0', threads: 1 },
    versions: { robustnessLens: '0.1.0', tfjs: '4.22.0' },
    attachments: [],
  };
}

/** The listing as it was before summaries: every record read and parsed whole. */
async function listByParsingRecords(runsFolder: string): Promise<number> {
  let count = 0;
  for (const name of await fs.readdir(runsFolder)) {
    await readRunRecord(recordFilePath(runsFolder, name)).then(() => { count++; }, () => undefined);
  }
  return count;
}

async function bestOf<T>(rounds: number, work: () => Promise<T>): Promise<number> {
  let best = Infinity;
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    await work();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

async function main(): Promise<void> {
  const runsFolder = mkdtempSync(join(tmpdir(), 'run-listing-'));
  try {
    for (let i = 0; i < RUNS; i++) await saveRunRecord(runsFolder, paddedRecord(i));
    const listed = (await listRuns(runsFolder)).length;
    if (listed !== RUNS || await listByParsingRecords(runsFolder) !== RUNS) throw new Error(`listed ${listed} of ${RUNS} runs`);
    const whole = await bestOf(3, () => listByParsingRecords(runsFolder));
    const summaries = await bestOf(3, () => listRuns(runsFolder));
    console.log(`Listing ${RUNS} saved runs (records of ${RECORD_KB} KB, warm page cache, best of 3):`);
    console.log(`  parsing every record (before):  ${whole.toFixed(0)} ms`);
    console.log(`  reading summary.json (now):     ${summaries.toFixed(0)} ms  (${(whole / summaries).toFixed(1)}× faster)`);
  } finally {
    rmSync(runsFolder, { recursive: true, force: true });
  }
}

void main();
