// Bilinear resampling of a square greyscale digit to a new side length (pixel centres aligned, edges clamped).
export function scaleSquare(pixels: Float32Array, side: number, newSide: number): Float32Array {
  const out = new Float32Array(newSide * newSide);
  const scale = side / newSide;
  const at = (x: number, y: number) => pixels[Math.min(Math.max(y, 0), side - 1) * side + Math.min(Math.max(x, 0), side - 1)];
  for (let y = 0; y < newSide; y++) {
    const sy = (y + 0.5) * scale - 0.5;
    const y0 = Math.floor(sy);
    const fy = sy - y0;
    for (let x = 0; x < newSide; x++) {
      const sx = (x + 0.5) * scale - 0.5;
      const x0 = Math.floor(sx);
      const fx = sx - x0;
      const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
      const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
      out[y * newSide + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}
