// Lint run by `npm test`: no `any`, and the rooms' one-way imports (README, "Architecture") checked on every import.
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

const root = dirname(fileURLToPath(import.meta.url));

/** Each room and the rooms it may import from (besides itself and npm packages). */
const allowedImports = {
  'src/protocol': [],
  'src/present': ['src/protocol'],
  'src/engine': ['src/protocol', 'src/present'],
  'src/cli': ['src/protocol', 'src/present', 'src/engine'],
  'src/extension': ['src/protocol', 'src/present', 'src/engine'],
  'webview/shared': ['src/protocol', 'src/present'],
  webview: ['src/protocol', 'src/present', 'webview/shared'],
  test: ['src/protocol', 'src/present', 'src/engine', 'src/cli', 'src/extension', 'webview/shared', 'webview', 'scripts'],
  scripts: ['src/protocol', 'src/present', 'src/engine', 'src/cli'],
};

/** The room a file belongs to: the longest room path containing it. */
function roomOf(file) {
  const path = relative(root, file).split(sep).join('/');
  return Object.keys(allowedImports).filter((room) => path === room || path.startsWith(`${room}/`)).sort((a, b) => b.length - a.length)[0];
}

const roomsPlugin = {
  rules: {
    'one-way-imports': {
      meta: { type: 'problem', schema: [], messages: { crossing: "{{from}} may not import from {{to}} ('{{source}}'); it may import from: {{allowed}}." } },
      create(context) {
        const from = roomOf(context.filename);
        const check = (node, source) => {
          if (!from || typeof source !== 'string' || !source.startsWith('.')) return;
          const to = roomOf(resolve(dirname(context.filename), source));
          if (!to || to === from || allowedImports[from].includes(to)) return;
          context.report({ node, messageId: 'crossing', data: { from, to, source, allowed: allowedImports[from].join(', ') || 'nothing outside itself' } });
        };
        return {
          ImportDeclaration: (node) => check(node, node.source.value),
          ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
          ExportAllDeclaration: (node) => check(node, node.source.value),
          ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
        };
      },
    },
  },
};

export default tseslint.config(
  // wasm/ is AssemblyScript (compiled by scripts/build.mjs), which TypeScript's parser does not read.
  { ignores: ['out/**', 'node_modules/**', 'wasm/**', '.vscode-test/**', 'demo-report/**', 'test-output/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin, rooms: roomsPlugin },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'rooms/one-way-imports': 'error',
    },
  },
);
