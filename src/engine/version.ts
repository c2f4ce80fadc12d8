// The product version, read from the extension manifest at build time.
import manifest from '../../package.json';

export const ROBUSTNESS_LENS_VERSION: string = manifest.version;
