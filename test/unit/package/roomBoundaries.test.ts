// The lint that keeps the rooms' one-way imports (README, "Architecture"): it refuses an import crossing the wrong way,
// names the rooms allowed, and passes the allowed directions and npm packages.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';

const repo = resolve(__dirname, '..', '..', '..', '..');

async function lint(file: string, source: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: repo, overrideConfigFile: join(repo, 'eslint.config.mjs') });
  const [result] = await eslint.lintText(source, { filePath: join(repo, file) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

test('imports against the rooms\' direction are refused with the rooms named', async () => {
  assert.deepEqual(await lint('src/engine/example.ts', "import { sweepCommand } from '../cli/commands/sweep';\nexport const x = sweepCommand;\n"),
    ["rooms/one-way-imports: src/engine may not import from src/cli ('../cli/commands/sweep'); it may import from: src/protocol, src/present."]);
  assert.deepEqual(await lint('src/present/example.ts', "export { localise } from '../engine/cam/localise';\n"),
    ["rooms/one-way-imports: src/present may not import from src/engine ('../engine/cam/localise'); it may import from: src/protocol."]);
  assert.equal((await lint('webview/sweep/example.ts', "import type { EngineClient } from '../../src/extension/engineClient';\nexport type X = EngineClient;\n")).length, 1);
  assert.equal((await lint('src/protocol/example.ts', "import { formatPercent } from '../present/format';\nexport const f = formatPercent;\n")).length, 1);
});

test('allowed directions, a room\'s own files and npm packages pass; `any` does not', async () => {
  assert.deepEqual(await lint('src/cli/example.ts', "import { formatPercent } from '../present/format';\nimport { newRunId } from '../engine/runs/store';\nimport { z } from 'zod';\nimport { f } from './other';\nexport const x = [formatPercent, newRunId, z, f];\n"), []);
  assert.deepEqual(await lint('webview/mix/example.ts', "import { formatPercent } from '../../src/present/format';\nimport { vscodeApi } from '../shared/vscodeApi';\nexport const x = [formatPercent, vscodeApi];\n"), []);
  assert.deepEqual(await lint('src/engine/example.ts', 'export const x: any = 1;\n'), ['@typescript-eslint/no-explicit-any: Unexpected any. Specify a different type.']);
});
