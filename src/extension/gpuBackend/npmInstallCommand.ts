// The npm command line that installs tfjs-node-gpu into the GPU backend folder, and the environment that sends
// its install script's downloads to a mirror.
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

function httpUrl(value: string, setting: string): string {
  let url: URL | null = null;
  try { url = new URL(value); } catch { /* reported below */ }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new Error(`${setting} must be an http(s) URL; it is "${value}".`);
  return value;
}
