import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

// out/test/unit/protocol → the repository root.
const repo = resolve(__dirname, '..', '..', '..', '..');
const protocol = join(repo, 'src', 'protocol');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/** The protocol files a protocol file imports (relative imports only; npm packages are leaves). */
function localImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\b[^;]*?from '(\.[^']*)';/gms)].map((m) => resolve(dirname(file), `${m[1]}.ts`));
}

test('no protocol file imports another in a cycle, and every relative import stays inside protocol', () => {
  const files = sourceFiles(protocol);
  const edges = new Map(files.map((f) => [f, localImports(f)]));
  for (const [file, targets] of edges) {
    for (const t of targets) assert.ok(t.startsWith(protocol + '/') && edges.has(t), `${relative(repo, file)} imports ${relative(repo, t)}`);
  }
  // Depth-first search; a file met again while still on the path closes a cycle.
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, path: string[]): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') assert.fail(`import cycle: ${[...path.slice(path.indexOf(file)), file].map((f) => relative(protocol, f)).join(' → ')}`);
    state.set(file, 'open');
    for (const t of edges.get(file) ?? []) visit(t, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of files) visit(file, []);
});
