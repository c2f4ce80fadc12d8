// Output chunks become lines whatever the chunk boundaries.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LineSplitter } from '../../../src/extension/gpuBackend/lineSplitter';

function split(chunks: string[]): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line));
  for (const chunk of chunks) splitter.push(chunk);
  splitter.flush();
  return lines;
}

test('lines split across chunks are joined, and \\r\\n split between chunks ends one line', () => {
  assert.deepEqual(split(['* Downl', 'oading libtensorflow\r', '\nhttps://example/lib.tar.gz\n']), ['* Downloading libtensorflow', 'https://example/lib.tar.gz']);
});

test('blank lines are dropped and trailing spaces trimmed; the unterminated tail comes out on flush', () => {
  assert.deepEqual(split(['a  \n\n   \r', 'b']), ['a', 'b']);
});
