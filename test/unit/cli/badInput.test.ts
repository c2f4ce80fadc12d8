// Bad input that used to reach an internal error or the wrong exit code, run as a user runs the CLI (issue 13, items 9, 12, 14, 15).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { keras2SequentialConfig, knownWeights } from '../../fixtures/model/kerasConfigs';
import { writeKerasH5 } from '../../fixtures/model/kerasWriters';
import { withTempDir } from '../../fixtures/model/tempDir';
import { writeLines, writeSolidImage, writeTruncatedJpeg } from '../../fixtures/data/images';
import { writeBrightnessModel } from '../../fixtures/model/brightnessModel';
import { cli, repo } from '../../fixtures/cli';

interface CliRun { status: number | null; stdout: string; stderr: string }

/** Runs the built CLI (cpu backend) as a child process. */
function run(...args: string[]): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, '--backend', 'cpu', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

test('every usage error exits 2 with the reason: bad option values, unknown options and commands', async () => {
  const model = join(repo, 'samples', 'models', 'baseline', 'model.json');
  const cases: [string[], RegExp][] = [
    [['--batch-size', '1e9', 'inspect', model], /--batch-size.*at most 1024 images per batch/],
    [['--batch-size', '0', 'inspect', model], /--batch-size.*expected a whole number ≥ 1/],
    [['--batch-size', '-1', 'inspect', model], /--batch-size.*expected a whole number ≥ 1/],
    [['--batch-size', 'abc', 'inspect', model], /--batch-size.*expected a whole number ≥ 1/],
    [['--backend', 'foo', 'inspect', model], /--backend.*expected one of/],
    [['predict', model, 'images', '--top-k', '0'], /--top-k.*expected a whole number ≥ 1/],
    [['inspect', model, '--no-such-option'], /unknown option '--no-such-option'/],
    [['no-such-command'], /unknown command 'no-such-command'/],
  ];
  for (const [args, message] of cases) {
    const r = await run(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
  assert.equal((await run('--help')).status, 0);
});

test('a truncated .h5 exits 2 with one line saying so and no HDF5 diagnostics', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'model.h5');
    await writeKerasH5(path, keras2SequentialConfig(), ['conv_input', 'conv', 'gap', 'dense'], knownWeights);
    await truncate(path, 4000);
    const r = await run('inspect', path);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^error: model\.h5 is truncated: it holds 4000 bytes/m);
    assert.doesNotMatch(r.stderr, /HDF5-DIAG|internal error|\n\s+at /);
  });
});

test('corrupt-dataset refuses an image id that leaves --out before writing anything', async () => {
  await withTempDir(async (dir) => {
    const data = join(dir, 'data');
    await mkdir(join(data, 'images'), { recursive: true });
    await writeSolidImage(join(data, 'images', 'a.png'), 8, 8, [200, 10, 10]);
    await writeSolidImage(join(dir, 'victim.png'), 8, 8, [10, 10, 200]);
    await writeLines(join(data, 'metadata', 'image_ids.txt'), ['images/a.png', 'images/../../victim.png']);
    const out = join(dir, 'out', 'nested');
    const r = await run('corrupt-dataset', data, '--out', out, '--corruptions', 'contrast', '--severities', '1');
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /image id 'images\/\.\.\/\.\.\/victim' cannot name a \.png file/);
    assert.equal(existsSync(join(dir, 'out')), false, 'nothing written');
  });
});

test('corrupt-dataset skips and lists an unreadable image and writes the rest', async () => {
  await withTempDir(async (dir) => {
    const data = join(dir, 'data');
    await mkdir(data);
    await writeSolidImage(join(data, 'a.png'), 8, 8, [200, 10, 10]);
    await writeTruncatedJpeg(join(data, 'b.jpg'));
    await writeSolidImage(join(data, 'c.png'), 8, 8, [10, 200, 10]);
    const out = join(dir, 'out');
    const r = await run('corrupt-dataset', data, '--out', out, '--corruptions', 'contrast', '--severities', '1,2');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Skipped 1 file\(s\):\n {2}.*b\.jpg: /);
    assert.match(r.stdout, /Wrote 4 files/);
    assert.deepEqual((await readdir(join(out, 'contrast', '1'))).sort(), ['a.png', 'c.png']);
  });
});

test('mix draws its pairs without an unreadable image and lists it; a sweep where no image decodes exits 2', async () => {
  await withTempDir(async (dir) => {
    const modelPath = await writeBrightnessModel(join(dir, 'model'));
    const data = join(dir, 'data');
    for (const [className, colour] of [['dark', [20, 20, 20]], ['light', [230, 230, 230]]] as const) {
      await mkdir(join(data, className), { recursive: true });
      for (const name of ['a', 'b', 'c']) await writeSolidImage(join(data, className, `${name}.png`), 8, 8, [...colour]);
    }
    await writeTruncatedJpeg(join(data, 'dark', 'broken.jpg'));
    const mixed = await run('mix', modelPath, data, '--method', 'mixup', '--pairs', '12', '--out', join(dir, 'mixed'));
    assert.equal(mixed.status, 0, mixed.stderr);
    assert.match(mixed.stdout, /Skipped .*broken\.jpg: .*the pairs were drawn without it/);
    assert.equal((await readdir(join(dir, 'mixed'))).filter((name) => name.startsWith('mix-')).length, 12);

    const unreadable = join(dir, 'unreadable');
    await mkdir(join(unreadable, 'dark'), { recursive: true });
    await mkdir(join(unreadable, 'light'), { recursive: true });
    await writeTruncatedJpeg(join(unreadable, 'dark', 'x.jpg'));
    await writeFile(join(unreadable, 'light', 'y.png'), 'not a png');
    const swept = await run('sweep', modelPath, '--data', unreadable, '--corruptions', 'contrast', '--severities', '1', '--workers', '1');
    assert.equal(swept.status, 2, swept.stderr);
    assert.match(swept.stderr, /No image of .* could be decoded, so the sweep has nothing to report/);
    assert.doesNotMatch(swept.stdout, /AlexNet/);
  });
});
