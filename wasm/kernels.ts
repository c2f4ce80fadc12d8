// AssemblyScript, compiled by scripts/build.mjs to WebAssembly with SIMD (not TypeScript: `usize`, `v128`, `load` and
// `store` are AssemblyScript's). The corruptions' heaviest host loops and the inference input's normalisation, each
// element computed with exactly the IEEE operations, in exactly the order, of the JavaScript loops (or tensor ops) they
// replace, so outputs are bit-identical; most run two or four elements per instruction. Pointers are byte offsets into
// this module's memory, laid out by src/engine/simd/wasmKernels.ts.

/** Two float32 at `at`, widened to float64. */
@inline function widenedPair(at: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(at));
}

/** Lanes 2 and 3 of four float32, widened to float64. */
@inline function highPair(values: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(values, values, 2, 3, 2, 3));
}

/** The byte offset of row `index[position]` of a float32 image whose rows are `rowLength` values long. */
@inline function rowAt(pixels: usize, index: usize, position: i32, rowLength: i32): usize {
  return pixels + ((<usize>load<i32>(index + (<usize>position << 2)) * <usize>rowLength) << 2);
}

/**
 * One H×W×C float32 image filtered by a separable symmetric kernel (hostKernels.ts symmetricSeparableOnHost): columns,
 * then rows, out = w[0]·p + Σₖ w[k]·(p₋ₖ + p₊ₖ) in float64 with the column pass kept in float64 between the axes.
 * `vertical` and `horizontal` hold w[0..reach] (float64); `rowIndex` and `columnIndex` the sample each position
 * −reach … n − 1 + reach reads (int32, offset by reach); `columnsDone` is H·W·C float64 and `padded` (W + 2·reachX)·C
 * float64 of scratch; `out` is H·W·C float32. Each pass accumulates a whole row one tap pair at a time (every value
 * still sums its terms in the same order), so the inner loops stream along the row.
 */
export function symmetricSeparable(
  pixels: usize, height: i32, width: i32, channels: i32,
  vertical: usize, reachY: i32, horizontal: usize, reachX: i32, rowIndex: usize, columnIndex: usize,
  columnsDone: usize, padded: usize, out: usize,
): void {
  const rowLength = width * channels;
  for (let y = 0; y < height; y++) {
    const centre = rowAt(pixels, rowIndex, y + reachY, rowLength);
    const target = columnsDone + ((<usize>y * <usize>rowLength) << 3);
    const w0 = load<f64>(vertical);
    const w0x2 = f64x2.splat(w0);
    let i = 0;
    for (; i + 4 <= rowLength; i += 4) {
      const values = v128.load(centre + (<usize>i << 2));
      v128.store(target + (<usize>i << 3), f64x2.mul(w0x2, f64x2.promote_low_f32x4(values)));
      v128.store(target + (<usize>i << 3) + 16, f64x2.mul(w0x2, highPair(values)));
    }
    for (; i < rowLength; i++) store<f64>(target + (<usize>i << 3), w0 * <f64>load<f32>(centre + (<usize>i << 2)));
    for (let k = 1; k <= reachY; k++) {
      const above = rowAt(pixels, rowIndex, y + reachY - k, rowLength);
      const below = rowAt(pixels, rowIndex, y + reachY + k, rowLength);
      const wk = load<f64>(vertical + (<usize>k << 3));
      const wkx2 = f64x2.splat(wk);
      i = 0;
      for (; i + 4 <= rowLength; i += 4) {
        const at = target + (<usize>i << 3);
        const up = v128.load(above + (<usize>i << 2));
        const down = v128.load(below + (<usize>i << 2));
        v128.store(at, f64x2.add(v128.load(at), f64x2.mul(wkx2, f64x2.add(f64x2.promote_low_f32x4(up), f64x2.promote_low_f32x4(down)))));
        v128.store(at + 16, f64x2.add(v128.load(at + 16), f64x2.mul(wkx2, f64x2.add(highPair(up), highPair(down)))));
      }
      for (; i < rowLength; i++) {
        const at = target + (<usize>i << 3);
        store<f64>(at, load<f64>(at) + wk * (<f64>load<f32>(above + (<usize>i << 2)) + <f64>load<f32>(below + (<usize>i << 2))));
      }
    }
  }
  const paddedLength = width + 2 * reachX;
  for (let y = 0; y < height; y++) {
    const row = columnsDone + ((<usize>y * <usize>rowLength) << 3);
    // The row in the middle as one copy, the border samples through the table.
    memory.copy(padded + ((<usize>reachX * <usize>channels) << 3), row, <usize>rowLength << 3);
    for (let x = 0; x < paddedLength; x++) {
      if (x == reachX) x += width;
      if (x >= paddedLength) break;
      const source = row + ((<usize>load<i32>(columnIndex + (<usize>x << 2)) * <usize>channels) << 3);
      for (let c = 0; c < channels; c++) store<f64>(padded + ((<usize>(x * channels + c)) << 3), load<f64>(source + (<usize>c << 3)));
    }
    // The column pass's row is in `padded` now: its place in columnsDone holds the row pass's sums.
    const centre = padded + ((<usize>reachX * <usize>channels) << 3);
    const w0x2 = f64x2.splat(load<f64>(horizontal));
    let i = 0;
    for (; i + 2 <= rowLength; i += 2) v128.store(row + (<usize>i << 3), f64x2.mul(w0x2, v128.load(centre + (<usize>i << 3))));
    for (; i < rowLength; i++) store<f64>(row + (<usize>i << 3), load<f64>(horizontal) * load<f64>(centre + (<usize>i << 3)));
    for (let k = 1; k <= reachX; k++) {
      const left = padded + ((<usize>((reachX - k) * channels)) << 3);
      const right = padded + ((<usize>((reachX + k) * channels)) << 3);
      const wk = load<f64>(horizontal + (<usize>k << 3));
      const wkx2 = f64x2.splat(wk);
      i = 0;
      for (; i + 4 <= rowLength; i += 4) {
        const at = row + (<usize>i << 3);
        const offset = <usize>i << 3;
        v128.store(at, f64x2.add(v128.load(at), f64x2.mul(wkx2, f64x2.add(v128.load(left + offset), v128.load(right + offset)))));
        v128.store(at + 16, f64x2.add(v128.load(at + 16), f64x2.mul(wkx2, f64x2.add(v128.load(left + offset + 16), v128.load(right + offset + 16)))));
      }
      for (; i < rowLength; i++) {
        const at = row + (<usize>i << 3);
        store<f64>(at, load<f64>(at) + wk * (load<f64>(left + (<usize>i << 3)) + load<f64>(right + (<usize>i << 3))));
      }
    }
    const target = out + ((<usize>y * <usize>rowLength) << 2);
    i = 0;
    for (; i + 4 <= rowLength; i += 4) {
      const at = row + (<usize>i << 3);
      v128.store(target + (<usize>i << 2), v128.shuffle<f32>(f32x4.demote_f64x2_zero(v128.load(at)), f32x4.demote_f64x2_zero(v128.load(at + 16)), 0, 1, 4, 5));
    }
    for (; i < rowLength; i++) store<f32>(target + (<usize>i << 2), <f32>load<f64>(row + (<usize>i << 3)));
  }
}

/**
 * The smoothed disk's row runs (diskConvolution.ts smoothedDiskOnHost): for each of `sumHeight` rows of `sumLength`
 * values, sums = weight · Σ over the disk's rows k (half-width ≥ 0) of prefix[row y + k, high] − prefix[row y + k, low],
 * in float64; `halfWidths` holds the `rows` half-widths (int32), `prefix` the float64 running sums, `prefixStride` values
 * a row. Each output row accumulates in place one disk row at a time (every value still adds its runs from 0 in k's
 * order), so the inner loop streams along the row.
 */
export function diskRowSums(
  prefix: usize, prefixStride: i32, halfWidths: usize, rows: i32, support: i32, channels: i32,
  sumHeight: i32, sumLength: i32, weight: f64, sums: usize,
): void {
  const weightx2 = f64x2.splat(weight);
  for (let y = 0; y < sumHeight; y++) {
    const target = sums + ((<usize>y * <usize>sumLength) << 3);
    memory.fill(target, 0, <usize>sumLength << 3);
    for (let k = 0; k < rows; k++) {
      const half = load<i32>(halfWidths + (<usize>k << 2));
      if (half < 0) continue;
      const row = prefix + ((<usize>(y + k) * <usize>prefixStride) << 3);
      const high = row + (<usize>((support + half + 1) * channels) << 3);
      const low = row + (<usize>((support - half) * channels) << 3);
      let t = 0;
      for (; t + 4 <= sumLength; t += 4) {
        const at = <usize>t << 3;
        v128.store(target + at, f64x2.add(v128.load(target + at), f64x2.sub(v128.load(high + at), v128.load(low + at))));
        v128.store(target + at + 16, f64x2.add(v128.load(target + at + 16), f64x2.sub(v128.load(high + at + 16), v128.load(low + at + 16))));
      }
      for (; t < sumLength; t++) {
        const at = <usize>t << 3;
        store<f64>(target + at, load<f64>(target + at) + (load<f64>(high + at) - load<f64>(low + at)));
      }
    }
    let t = 0;
    for (; t + 2 <= sumLength; t += 2) v128.store(target + (<usize>t << 3), f64x2.mul(v128.load(target + (<usize>t << 3)), weightx2));
    for (; t < sumLength; t++) store<f64>(target + (<usize>t << 3), load<f64>(target + (<usize>t << 3)) * weight);
  }
}

/**
 * out (float64, `height` rows of `rowLength`) += Σ taps weight · image[y·imageStride + start + k] (float32), the taps in
 * their order: `starts` (int32) and `weights` (float64) hold `taps` of them (defocus blur's sparse correction). Each
 * row takes one tap at a time along the whole row (every value still adds its taps in order).
 */
export function addWeightedTaps(
  out: usize, height: i32, rowLength: i32, image: usize, imageStride: i32, starts: usize, weights: usize, taps: i32,
): void {
  for (let y = 0; y < height; y++) {
    const target = out + ((<usize>y * <usize>rowLength) << 3);
    const base = image + ((<usize>y * <usize>imageStride) << 2);
    for (let tap = 0; tap < taps; tap++) {
      const source = base + (<usize>load<i32>(starts + (<usize>tap << 2)) << 2);
      const weight = load<f64>(weights + (<usize>tap << 3));
      const weightx2 = f64x2.splat(weight);
      let k = 0;
      for (; k + 4 <= rowLength; k += 4) {
        const at = target + (<usize>k << 3);
        const values = v128.load(source + (<usize>k << 2));
        v128.store(at, f64x2.add(v128.load(at), f64x2.mul(weightx2, f64x2.promote_low_f32x4(values))));
        v128.store(at + 16, f64x2.add(v128.load(at + 16), f64x2.mul(weightx2, highPair(values))));
      }
      for (; k < rowLength; k++) {
        const at = target + (<usize>k << 3);
        store<f64>(at, load<f64>(at) + weight * <f64>load<f32>(source + (<usize>k << 2)));
      }
    }
  }
}

/** Per row of an H×W×C float32 image, the running sums of each channel along the row after one zero per channel, float64. */
export function rowPrefixSums(image: usize, height: i32, width: i32, channels: i32, sums: usize): void {
  const stride = (width + 1) * channels;
  const length = width * channels;
  for (let y = 0; y < height; y++) {
    const row = sums + ((<usize>y * <usize>stride) << 3);
    const source = image + ((<usize>y * <usize>length) << 2);
    for (let c = 0; c < channels; c++) store<f64>(row + (<usize>c << 3), 0);
    for (let k = 0; k < length; k++) store<f64>(row + (<usize>(channels + k) << 3), load<f64>(row + (<usize>k << 3)) + <f64>load<f32>(source + (<usize>k << 2)));
  }
}

/**
 * sum (H×W×C float32, zeroed here) = Σ weight · the image shifted by (dy, dx), reads clamped to the image (replicated
 * edges), each shift added in turn and stored in float32, as hostKernels.ts shiftedCopiesSum: sum ← f32(sum + w·p).
 * `dys`, `dxs` (int32) and `weights` (float64) hold `shifts` entries.
 */
export function shiftedCopiesSum(pixels: usize, height: i32, width: i32, channels: i32, dys: usize, dxs: usize, weights: usize, shifts: i32, sum: usize): void {
  const rowStride = width * channels;
  memory.fill(sum, 0, (<usize>height * <usize>rowStride) << 2);
  for (let y = 0; y < height; y++) {
    const target = sum + ((<usize>y * <usize>rowStride) << 2);
    for (let s = 0; s < shifts; s++) {
      const dy = load<i32>(dys + (<usize>s << 2));
      const dx = load<i32>(dxs + (<usize>s << 2));
      const weight = load<f64>(weights + (<usize>s << 3));
      const weightx2 = f64x2.splat(weight);
      const sourceY = min(height - 1, max(0, y + dy));
      const source = pixels + ((<usize>sourceY * <usize>rowStride) << 2);
      // Columns lo … hi − 1 read inside the row: one contiguous run.
      const lo = min(width, max(0, -dx));
      const hi = max(lo, min(width, width - dx));
      const shift = dx * channels;
      let t = lo * channels;
      const end = hi * channels;
      for (; t + 2 <= end; t += 2) {
        const at = target + (<usize>t << 2);
        const sumPair = f64x2.add(widenedPair(at), f64x2.mul(weightx2, widenedPair(source + (<usize>(t + shift) << 2))));
        v128.store64_lane(at, f32x4.demote_f64x2_zero(sumPair), 0);
      }
      for (; t < end; t++) {
        const at = target + (<usize>t << 2);
        store<f32>(at, <f32>(<f64>load<f32>(at) + weight * <f64>load<f32>(source + (<usize>(t + shift) << 2))));
      }
      for (let x = 0; x < width; x++) {
        if (x == lo) x = hi;
        if (x >= width) break;
        const column = min(width - 1, max(0, x + dx));
        for (let c = 0; c < channels; c++) {
          const at = target + (<usize>(x * channels + c) << 2);
          store<f32>(at, <f32>(<f64>load<f32>(at) + weight * <f64>load<f32>(source + (<usize>(column * channels + c) << 2))));
        }
      }
    }
  }
}

/**
 * hostKernels.ts resampleOnHost where each axis has at most two taps per output (linear interpolation), one output row
 * at a time: rows first, rowDone = f32(f32(0 + wa·p[a]) + wc·p[c]) over input columns columnLo … columnHi − 1 (those
 * the columns read); then columns, f32(0 + wa·r[a] + wb·r[b]) stored, or added to `out` in float32 when `add` is 1.
 * Each axis gives, per output sample, its two input samples (int32) and weights (float64); `rowDone` is W·C float32 of
 * scratch. With three channels a pixel's column pass runs as vectors of four, the fourth lane read (rowDone and
 * `out` one value longer) but never stored.
 */
export function bilinearResample(
  pixels: usize, width: i32, channels: i32,
  rowFirst: usize, rowSecond: usize, rowFirstWeight: usize, rowSecondWeight: usize, outHeight: i32,
  columnFirst: usize, columnSecond: usize, columnFirstWeight: usize, columnSecondWeight: usize, outWidth: i32,
  columnLo: i32, columnHi: i32, rowDone: usize, out: usize, add: i32,
): void {
  const rowStride = width * channels;
  const zero = f64x2.splat(0);
  for (let i = 0; i < outHeight; i++) {
    const a = pixels + ((<usize>load<i32>(rowFirst + (<usize>i << 2)) * <usize>rowStride) << 2);
    const c = pixels + ((<usize>load<i32>(rowSecond + (<usize>i << 2)) * <usize>rowStride) << 2);
    const wa = load<f64>(rowFirstWeight + (<usize>i << 3));
    const wc = load<f64>(rowSecondWeight + (<usize>i << 3));
    const wax2 = f64x2.splat(wa);
    const wcx2 = f64x2.splat(wc);
    let k = columnLo * channels;
    const end = columnHi * channels;
    for (; k + 4 <= end; k += 4) {
      const offset = <usize>k << 2;
      const fromA = v128.load(a + offset);
      const fromC = v128.load(c + offset);
      const firstLow = f32x4.demote_f64x2_zero(f64x2.add(zero, f64x2.mul(wax2, f64x2.promote_low_f32x4(fromA))));
      const firstHigh = f32x4.demote_f64x2_zero(f64x2.add(zero, f64x2.mul(wax2, highPair(fromA))));
      const low = f32x4.demote_f64x2_zero(f64x2.add(f64x2.promote_low_f32x4(firstLow), f64x2.mul(wcx2, f64x2.promote_low_f32x4(fromC))));
      const high = f32x4.demote_f64x2_zero(f64x2.add(f64x2.promote_low_f32x4(firstHigh), f64x2.mul(wcx2, highPair(fromC))));
      v128.store(rowDone + offset, v128.shuffle<f32>(low, high, 0, 1, 4, 5));
    }
    for (; k + 2 <= end; k += 2) {
      const offset = <usize>k << 2;
      const first = f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(f64x2.add(zero, f64x2.mul(wax2, widenedPair(a + offset)))));
      v128.store64_lane(rowDone + offset, f32x4.demote_f64x2_zero(f64x2.add(first, f64x2.mul(wcx2, widenedPair(c + offset)))), 0);
    }
    for (; k < end; k++) {
      const offset = <usize>k << 2;
      store<f32>(rowDone + offset, <f32>(<f64><f32>(0 + wa * <f64>load<f32>(a + offset)) + wc * <f64>load<f32>(c + offset)));
    }
    const target = out + ((<usize>i * <usize>outWidth * <usize>channels) << 2);
    if (channels == 3) {
      for (let j = 0; j < outWidth; j++) {
        const left = v128.load(rowDone + ((<usize>load<i32>(columnFirst + (<usize>j << 2)) * 3) << 2));
        const right = v128.load(rowDone + ((<usize>load<i32>(columnSecond + (<usize>j << 2)) * 3) << 2));
        const wl = f64x2.splat(load<f64>(columnFirstWeight + (<usize>j << 3)));
        const wr = f64x2.splat(load<f64>(columnSecondWeight + (<usize>j << 3)));
        const low = f64x2.add(f64x2.add(zero, f64x2.mul(wl, f64x2.promote_low_f32x4(left))), f64x2.mul(wr, f64x2.promote_low_f32x4(right)));
        const high = f64x2.add(f64x2.add(zero, f64x2.mul(wl, highPair(left))), f64x2.mul(wr, highPair(right)));
        let value = v128.shuffle<f32>(f32x4.demote_f64x2_zero(low), f32x4.demote_f64x2_zero(high), 0, 1, 4, 5);
        const at = target + ((<usize>j * 3) << 2);
        // A float32 sum of two float32 values rounded once, as f32(f64 + f64) rounds it.
        if (add) value = f32x4.add(v128.load(at), value);
        v128.store64_lane(at, value, 0);
        v128.store32_lane(at + 8, value, 2);
      }
      continue;
    }
    for (let j = 0; j < outWidth; j++) {
      const left = rowDone + ((<usize>load<i32>(columnFirst + (<usize>j << 2)) * <usize>channels) << 2);
      const right = rowDone + ((<usize>load<i32>(columnSecond + (<usize>j << 2)) * <usize>channels) << 2);
      const wl = load<f64>(columnFirstWeight + (<usize>j << 3));
      const wr = load<f64>(columnSecondWeight + (<usize>j << 3));
      const at = target + ((<usize>j * <usize>channels) << 2);
      for (let ch = 0; ch < channels; ch++) {
        const value = 0 + wl * <f64>load<f32>(left + (<usize>ch << 2)) + wr * <f64>load<f32>(right + (<usize>ch << 2));
        const place = at + (<usize>ch << 2);
        if (add) store<f32>(place, <f32>(<f64>load<f32>(place) + <f64><f32>value));
        else store<f32>(place, <f32>value);
      }
    }
  }
}

/**
 * out = (values − mean) / std per channel in float32 (preprocessing.ts applyScalingOnHost, torchvision's Normalize):
 * `pattern` holds the means then the stds repeated to 12 values (a whole number of pixels of 1 or 3 channels) so that
 * three vectors of four cover each run of 12; `count` values.
 */
export function normaliseChannels(values: usize, count: i32, pattern: usize, out: usize): void {
  const m0 = v128.load(pattern);
  const m1 = v128.load(pattern + 16);
  const m2 = v128.load(pattern + 32);
  const s0 = v128.load(pattern + 48);
  const s1 = v128.load(pattern + 64);
  const s2 = v128.load(pattern + 80);
  let i = 0;
  for (; i + 12 <= count; i += 12) {
    const at = <usize>i << 2;
    v128.store(out + at, f32x4.div(f32x4.sub(v128.load(values + at), m0), s0));
    v128.store(out + at + 16, f32x4.div(f32x4.sub(v128.load(values + at + 16), m1), s1));
    v128.store(out + at + 32, f32x4.div(f32x4.sub(v128.load(values + at + 32), m2), s2));
  }
  for (let k = 0; i < count; i++, k++) {
    const at = <usize>i << 2;
    store<f32>(out + at, (load<f32>(values + at) - load<f32>(pattern + (<usize>k << 2))) / load<f32>(pattern + 48 + (<usize>k << 2)));
  }
}

/**
 * normaliseChannels for three-channel pixels written as planes (the NCHW layout an ONNX graph from PyTorch takes): for
 * each of `images` images of `pixels` pixels, plane c of the output holds (value_c − mean_c) / std_c, the same float32
 * operations per value; `pattern` as normaliseChannels's. Four pixels at a time: their 12 interleaved values are
 * shuffled into one vector per channel.
 */
export function normaliseToPlanes(values: usize, images: i32, pixels: i32, pattern: usize, out: usize): void {
  const m0 = f32x4.splat(load<f32>(pattern));
  const m1 = f32x4.splat(load<f32>(pattern, 4));
  const m2 = f32x4.splat(load<f32>(pattern, 8));
  const s0 = f32x4.splat(load<f32>(pattern, 48));
  const s1 = f32x4.splat(load<f32>(pattern, 52));
  const s2 = f32x4.splat(load<f32>(pattern, 56));
  for (let image = 0; image < images; image++) {
    const source = values + ((<usize>image * <usize>pixels * 3) << 2);
    const red = out + ((<usize>image * <usize>pixels * 3) << 2);
    const green = red + (<usize>pixels << 2);
    const blue = green + (<usize>pixels << 2);
    let p = 0;
    for (; p + 4 <= pixels; p += 4) {
      const at = source + (<usize>(p * 3) << 2);
      // a = r0 g0 b0 r1, b = g1 b1 r2 g2, c = b2 r3 g3 b3.
      const a = v128.load(at);
      const b = v128.load(at, 16);
      const c = v128.load(at, 32);
      const r = v128.shuffle<f32>(v128.shuffle<f32>(a, b, 0, 3, 6, 0), c, 0, 1, 2, 5);
      const g = v128.shuffle<f32>(v128.shuffle<f32>(a, b, 1, 4, 7, 0), c, 0, 1, 2, 6);
      const bl = v128.shuffle<f32>(v128.shuffle<f32>(a, b, 2, 5, 0, 0), c, 0, 1, 4, 7);
      const place = <usize>p << 2;
      v128.store(red + place, f32x4.div(f32x4.sub(r, m0), s0));
      v128.store(green + place, f32x4.div(f32x4.sub(g, m1), s1));
      v128.store(blue + place, f32x4.div(f32x4.sub(bl, m2), s2));
    }
    for (; p < pixels; p++) {
      const at = source + (<usize>(p * 3) << 2);
      const place = <usize>p << 2;
      store<f32>(red + place, (load<f32>(at) - load<f32>(pattern)) / load<f32>(pattern, 48));
      store<f32>(green + place, (load<f32>(at, 4) - load<f32>(pattern, 4)) / load<f32>(pattern, 52));
      store<f32>(blue + place, (load<f32>(at, 8) - load<f32>(pattern, 8)) / load<f32>(pattern, 56));
    }
  }
}

/**
 * The H×W centre of `sums` (float64, a border of `reach` on every side, `sumStride` values a row) smoothed by the
 * Gaussian taps g[0..2·reach] along both axes, as diskConvolution.ts did in JavaScript: per output row, column[t] =
 * Σᵢ g[i]·sums[y + i, t], then out[t] = Σⱼ g[j]·column[t + j·C], each sum from 0 in tap order, float64; `taps` holds g
 * (float64), `column` is sumStride float64 of scratch, `out` H·W·C float64.
 */
export function smoothCentre(sums: usize, height: i32, width: i32, channels: i32, taps: usize, tapCount: i32, column: usize, out: usize): void {
  const reach = (tapCount - 1) / 2;
  const sumStride = (width + 2 * reach) * channels;
  const rowLength = width * channels;
  for (let y = 0; y < height; y++) {
    let t = 0;
    for (; t + 2 <= sumStride; t += 2) {
      let sum = f64x2.splat(0);
      for (let i = 0; i < tapCount; i++) {
        sum = f64x2.add(sum, f64x2.mul(f64x2.splat(load<f64>(taps + (<usize>i << 3))), v128.load(sums + (<usize>((y + i) * sumStride + t) << 3))));
      }
      v128.store(column + (<usize>t << 3), sum);
    }
    for (; t < sumStride; t++) {
      let sum: f64 = 0;
      for (let i = 0; i < tapCount; i++) sum += load<f64>(taps + (<usize>i << 3)) * load<f64>(sums + (<usize>((y + i) * sumStride + t) << 3));
      store<f64>(column + (<usize>t << 3), sum);
    }
    const target = out + ((<usize>y * <usize>rowLength) << 3);
    t = 0;
    for (; t + 2 <= rowLength; t += 2) {
      let sum = f64x2.splat(0);
      for (let j = 0; j < tapCount; j++) {
        sum = f64x2.add(sum, f64x2.mul(f64x2.splat(load<f64>(taps + (<usize>j << 3))), v128.load(column + (<usize>(t + j * channels) << 3))));
      }
      v128.store(target + (<usize>t << 3), sum);
    }
    for (; t < rowLength; t++) {
      let sum: f64 = 0;
      for (let j = 0; j < tapCount; j++) sum += load<f64>(taps + (<usize>j << 3)) * load<f64>(column + (<usize>(t + j * channels) << 3));
      store<f64>(target + (<usize>t << 3), sum);
    }
  }
}

/** Rounded to float32 and widened back: the JavaScript Math.fround of a float64. */
@inline function fround(value: f64): f64 {
  return <f64><f32>value;
}

/** A float64 clipped to [0, 1] by comparisons (clip.ts clipUnitValue). */
@inline function clipUnit(value: f64): f64 {
  return value > 0 ? (value < 1 ? value : 1) : 0;
}

/** f64x2 rounded to float32 and widened back, lane by lane: fround of each. */
@inline function froundPair(value: v128): v128 {
  return f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(value));
}

/** f64x2 clipped to [0, 1] lane by lane, as clipUnit (a NaN lane gives 0). */
@inline function clipUnitPair(value: v128): v128 {
  const zero = f64x2.splat(0);
  const one = f64x2.splat(1);
  return v128.bitselect(v128.bitselect(value, one, f64x2.lt(value, one)), zero, f64x2.gt(value, zero));
}

/** One channel of two pixels in snowBlend: f32(clip(f32(f32(f32(mix·x) + f32(max(x, lift)·rest)) + flakes) + rotated)), in the low lanes. */
@inline function snowChannelPair(x: v128, lift: v128, mix: v128, rest: v128, flakes: v128, rotated: v128): v128 {
  const whitened = froundPair(f64x2.add(froundPair(f64x2.mul(x, mix)), froundPair(f64x2.mul(f64x2.pmax(lift, x), rest))));
  return f32x4.demote_f64x2_zero(clipUnitPair(f64x2.add(froundPair(f64x2.add(whitened, flakes)), rotated)));
}

/**
 * snow.ts's blend of one H×W×3 float32 image (`size` pixels) with its snow layer (H·W float32), per pixel in the
 * JavaScript loop's float32 steps: luma = f32(f32(f32(0.299r) + f32(0.587g)) + f32(0.114b)), lift = f32(f32(1.5·luma) +
 * 0.5), whitened = f32(f32(mix·x) + f32(max(x, lift)·(1 − mix))), out = f32(clip(f32(whitened + layer[p]) +
 * layer[size − 1 − p])). Two pixels run per vector, their channels gathered from six floats.
 */
export function snowBlend(pixels: usize, layer: usize, size: i32, mix: f64, out: usize): void {
  const rest = 1 - mix;
  const mixx2 = f64x2.splat(mix);
  const restx2 = f64x2.splat(rest);
  let p = 0;
  for (; p + 2 <= size; p += 2) {
    const at = <usize>p * 12;
    const first = v128.load(pixels + at);
    const second = v128.load64_zero(pixels + at + 16);
    // [r0 g0 b0 r1] and [g1 b1 – –] into per-channel pairs.
    const red = f64x2.promote_low_f32x4(v128.shuffle<f32>(first, first, 0, 3, 0, 0));
    const green = f64x2.promote_low_f32x4(v128.shuffle<f32>(first, second, 1, 4, 0, 0));
    const blue = f64x2.promote_low_f32x4(v128.shuffle<f32>(first, second, 2, 5, 0, 0));
    const luma = froundPair(f64x2.add(froundPair(f64x2.add(froundPair(f64x2.mul(red, f64x2.splat(0.299))), froundPair(f64x2.mul(green, f64x2.splat(0.587))))), froundPair(f64x2.mul(blue, f64x2.splat(0.114)))));
    const lift = froundPair(f64x2.add(froundPair(f64x2.mul(luma, f64x2.splat(1.5))), f64x2.splat(0.5)));
    const flakes = f64x2.promote_low_f32x4(v128.load64_zero(layer + (<usize>p << 2)));
    // layer[size − 1 − p] and layer[size − 2 − p], in that order.
    const backwards = v128.load64_zero(layer + (<usize>(size - 2 - p) << 2));
    const rotated = f64x2.promote_low_f32x4(v128.shuffle<f32>(backwards, backwards, 1, 0, 0, 0));
    const r = snowChannelPair(red, lift, mixx2, restx2, flakes, rotated);
    const g = snowChannelPair(green, lift, mixx2, restx2, flakes, rotated);
    const b = snowChannelPair(blue, lift, mixx2, restx2, flakes, rotated);
    v128.store(out + at, v128.shuffle<f32>(v128.shuffle<f32>(r, g, 0, 4, 0, 0), v128.shuffle<f32>(b, r, 0, 5, 0, 0), 0, 1, 4, 5));
    v128.store64_lane(out + at + 16, v128.shuffle<f32>(g, b, 1, 5, 0, 0), 0);
  }
  for (; p < size; p++) {
    const at = <usize>p * 12;
    const luma = fround(fround(fround(<f64>load<f32>(pixels + at) * 0.299) + fround(<f64>load<f32>(pixels + at + 4) * 0.587)) + fround(<f64>load<f32>(pixels + at + 8) * 0.114));
    const lift = fround(fround(luma * 1.5) + 0.5);
    const flakes = <f64>load<f32>(layer + (<usize>p << 2));
    const rotated = <f64>load<f32>(layer + (<usize>(size - 1 - p) << 2));
    for (let c: usize = 0; c < 12; c += 4) {
      const x = <f64>load<f32>(pixels + at + c);
      const whitened = fround(fround(x * mix) + fround((x > lift ? x : lift) * rest));
      store<f32>(out + at + c, <f32>clipUnit(fround(whitened + flakes) + rotated));
    }
  }
}

/**
 * elasticTransform.ts's bilinear gather of one H×W×C float32 image at displaced coordinates, as its JavaScript loop:
 * row = f32(y + dy), column = f32(x + dx) (`field` H·W·2 float32, (dx, dy) per pixel), their floors and f32 fractions
 * wy, wx; the four neighbours read through `rowIndex` and `columnIndex` (int32, the sample each position −reach …
 * n − 1 + reach reads, offset by reach); out = f32(clip((p₀₀(1 − wx) + p₀₁wx)(1 − wy) + (p₁₀(1 − wx) + p₁₁wx)wy)) in float64.
 * The coordinates run as one pair of lanes; the channels stay scalar (vectors over a pixel's channels were slower here).
 */
export function displacedBilinear(
  pixels: usize, height: i32, width: i32, channels: i32, field: usize, rowIndex: usize, columnIndex: usize, reach: i32, out: usize,
): void {
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      // (column, row) = f32((x, y) + (dx, dy)) as one pair, their floors and f32 fractions too.
      const position = froundPair(f64x2.add(f64x2.replace_lane(f64x2.splat(<f64>x), 1, <f64>y), widenedPair(field + (<usize>(2 * p) << 2))));
      const floors = f64x2.floor(position);
      const fractions = froundPair(f64x2.sub(position, floors));
      const wx = f64x2.extract_lane(fractions, 0);
      const wy = f64x2.extract_lane(fractions, 1);
      const rowAt = <i32>f64x2.extract_lane(floors, 1) + reach;
      const columnAt = <i32>f64x2.extract_lane(floors, 0) + reach;
      const top = load<i32>(rowIndex + (<usize>rowAt << 2)) * width;
      const bottom = load<i32>(rowIndex + (<usize>(rowAt + 1) << 2)) * width;
      const left = load<i32>(columnIndex + (<usize>columnAt << 2));
      const right = load<i32>(columnIndex + (<usize>(columnAt + 1) << 2));
      const upperLeft = pixels + (<usize>((top + left) * channels) << 2);
      const upperRight = pixels + (<usize>((top + right) * channels) << 2);
      const lowerLeft = pixels + (<usize>((bottom + left) * channels) << 2);
      const lowerRight = pixels + (<usize>((bottom + right) * channels) << 2);
      const target = out + (<usize>(p * channels) << 2);
      for (let c = 0; c < channels; c++) {
        const at = <usize>c << 2;
        const upper = <f64>load<f32>(upperLeft + at) * (1 - wx) + <f64>load<f32>(upperRight + at) * wx;
        const lower = <f64>load<f32>(lowerLeft + at) * (1 - wx) + <f64>load<f32>(lowerRight + at) * wx;
        store<f32>(target + at, <f32>clipUnit(upper * (1 - wy) + lower * wy));
      }
    }
  }
}

/**
 * `count` float64 values truncated to 8-bit levels in float32: f32(⌊clip(v)·255⌋ / 255) (defocusBlur.ts, np.uint8 of
 * the clipped result), two a step.
 */
export function truncateToLevels(values: usize, count: i32, out: usize): void {
  const scale = f64x2.splat(255);
  let i = 0;
  for (; i + 2 <= count; i += 2) {
    const levels = f64x2.div(f64x2.floor(f64x2.mul(clipUnitPair(v128.load(values + (<usize>i << 3))), scale)), scale);
    v128.store64_lane(out + (<usize>i << 2), f32x4.demote_f64x2_zero(levels), 0);
  }
  for (; i < count; i++) store<f32>(out + (<usize>i << 2), <f32>(Math.floor(clipUnit(load<f64>(values + (<usize>i << 3))) * 255) / 255));
}

/** Math.round(clip(v)·255) of four float32 as int32 lanes: clipped in float32 (NaN to 0), ×255 and +½ exact in float64. */
@inline function unitBytesOfFour(values: v128): v128 {
  const clipped = f32x4.pmin(f32x4.splat(1), f32x4.pmax(f32x4.splat(0), values));
  const scale = f64x2.splat(255);
  const half = f64x2.splat(0.5);
  const low = i32x4.trunc_sat_f64x2_u_zero(f64x2.add(f64x2.mul(f64x2.promote_low_f32x4(clipped), scale), half));
  const high = i32x4.trunc_sat_f64x2_u_zero(f64x2.add(f64x2.mul(highPair(clipped), scale), half));
  return v128.shuffle<i32>(low, high, 0, 1, 4, 5);
}

/**
 * PNG scanlines with filter Up (sweep/pngEncoder.ts) of `rows` rows of `rowLength` [0, 1] float32 values: each output
 * row is the filter type 2, then per value byte − the byte above (mod 256), byte = Math.round(clip(v)·255) (⌊v·255 + ½⌋,
 * exact in float64 since v·255 has at most 32 significant bits). `above` is `rowLength` bytes of scratch. Sixteen values
 * a step.
 */
export function upFilteredScanlines(values: usize, rows: i32, rowLength: i32, above: usize, out: usize): void {
  memory.fill(above, 0, <usize>rowLength);
  for (let y = 0; y < rows; y++) {
    const source = values + ((<usize>y * <usize>rowLength) << 2);
    const line = out + <usize>y * (<usize>rowLength + 1);
    store<u8>(line, 2);
    let x = 0;
    for (; x + 16 <= rowLength; x += 16) {
      const at = source + (<usize>x << 2);
      const first = i16x8.narrow_i32x4_u(unitBytesOfFour(v128.load(at)), unitBytesOfFour(v128.load(at, 16)));
      const second = i16x8.narrow_i32x4_u(unitBytesOfFour(v128.load(at, 32)), unitBytesOfFour(v128.load(at, 48)));
      const bytes = i8x16.narrow_i16x8_u(first, second);
      v128.store(line + 1 + <usize>x, i8x16.sub(bytes, v128.load(above + <usize>x)));
      v128.store(above + <usize>x, bytes);
    }
    for (; x < rowLength; x++) {
      const byte = <u8>(<i32>(clipUnit(<f64>load<f32>(source + (<usize>x << 2))) * 255 + 0.5));
      store<u8>(line + 1 + <usize>x, byte - load<u8>(above + <usize>x));
      store<u8>(above + <usize>x, byte);
    }
  }
}
