// The npm command line that installs tfjs-node-gpu into the GPU backend folder, how to run npm without a shell, and
// the environment that sends its install script's downloads to a mirror. URLs go on as parsed, with credentials kept
// out of anything logged.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { GPU_BACKEND_PACKAGE } from './gpuBackendFolder';

/** The prebuilt binding's path on storage.googleapis.com (tfjs-node-gpu's package.json, binary.host). */
const PREBUILT_BINDING_PATH = 'tf-builds/pre-built-binary';

export function npmInstallArguments(prefix: string, version: string, registry: string): string[] {
  return [
    'install', `${GPU_BACKEND_PACKAGE}@${version}`, '--prefix', prefix,
    // --foreground-scripts shows the install script's own output ("* Downloading libtensorflow"), which npm hides otherwise;
    // --loglevel=http adds a line per package fetched from the registry.
    '--no-save', '--no-audit', '--no-fund', '--no-update-notifier', '--foreground-scripts', '--loglevel=http',
    ...(registry ? ['--registry', httpUrl(registry, 'robustnessLens.gpuBackend.npmRegistry')] : []),
  ];
}

/**
 * Environment for a mirror of https://storage.googleapis.com/: tfjs-node's install script downloads
 * `<mirror>tensorflow/libtensorflow/libtensorflow-…` (TFJS_NODE_CDN_STORAGE) and node-pre-gyp fetches the
 * prebuilt binding from `<mirror>tf-builds/pre-built-binary/…` (npm_config_<module_name>_binary_host_mirror).
 */
export function mirrorEnvironment(mirror: string): Record<string, string> {
  if (!mirror) return {};
  const base = httpUrl(mirror, 'robustnessLens.gpuBackend.mirror').replace(/\/*$/, '/');
  return { TFJS_NODE_CDN_STORAGE: base, npm_config_tfjs_binding_binary_host_mirror: `${base}${PREBUILT_BINDING_PATH}` };
}

/** The URL as WHATWG URL serialises it (quotes, spaces and other unsafe characters percent-encoded), or an error naming the setting. */
function httpUrl(value: string, setting: string): string {
  let url: URL | null = null;
  try { url = new URL(value); } catch { /* reported below */ }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new Error(`${setting} must be an http(s) URL; it is "${redactCredentials(value)}".`);
  return url.href;
}

/** `text` with the user name and password of every URL in it (scheme://user:pass@host) replaced, for logs and messages. */
export function redactCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1***@');
}

export interface NpmInvocation { command: string; args: string[] }

/**
 * How to run the npm at `npmPath` without a shell. On Windows npm is a .cmd script that only cmd.exe runs, and cmd.exe
 * would parse the arguments (a registry URL with `&` in it runs a command), so Node runs npm-cli.js from beside it.
 * Null when that file is missing.
 */
export function npmInvocation(npmPath: string, platform: NodeJS.Platform = process.platform, exists: (file: string) => boolean = existsSync): NpmInvocation | null {
  if (platform !== 'win32') return { command: npmPath, args: [] };
  const folder = path.win32.dirname(npmPath);
  const node = path.win32.join(folder, 'node.exe');
  const npmCli = path.win32.join(folder, 'node_modules', 'npm', 'bin', 'npm-cli.js');
  return exists(node) && exists(npmCli) ? { command: node, args: [npmCli] } : null;
}
