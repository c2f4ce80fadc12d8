// The compiled wasm/kernels.ts, embedded by scripts/build.mjs (esbuild's binary loader).
declare module 'wasm-kernels' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
