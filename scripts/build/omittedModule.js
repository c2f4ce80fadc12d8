// Stands in, in the extension, engine and CLI bundles, for the parts of @tensorflow/tfjs that cannot run in Node
// (tfjs-backend-webgl needs a browser's WebGL) or that the engine never calls (tfjs-data): tfjs's index re-exports
// them, and this keeps them out of the package.
module.exports = {};
