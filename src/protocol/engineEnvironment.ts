// Environment variables the extension host sets when it starts the engine process.

/** A node_modules folder outside the extension where the engine also looks for optional packages (tfjs-node-gpu). */
export const EXTRA_NODE_MODULES_ENV = 'ROBUSTNESS_LENS_EXTRA_NODE_MODULES';
