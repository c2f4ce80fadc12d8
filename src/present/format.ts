// Plain-text formatting shared by the overview webview and the static HTML report (no DOM, no Node).
import type { ModelInspection, PreprocessingProfile, ValueScaling } from '../protocol/model';

/** 0.8234 → "82.3%". */
export function formatPercent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** 1234567 → "1,234,567". */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** [7, 7, 1280] → "7 × 7 × 1280"; unknown dimensions print as "?". */
export function formatShape(shape: readonly (number | null)[] | null): string {
  if (shape === null) return 'unknown';
  if (shape.length === 0) return 'scalar';
  return shape.map((dim) => (dim === null ? '?' : String(dim))).join(' × ');
}

/** The last segment of a POSIX or Windows path. */
export function fileName(path: string): string {
  const segments = path.split(/[\\/]/).filter((segment) => segment !== '');
  return segments.length === 0 ? path : segments[segments.length - 1];
}

/** A model's short name: its folder for `…/name/model.json` (or .h5, .keras, .onnx), else its file name. */
export function modelDisplayName(path: string): string {
  const segments = path.split(/[\\/]/).filter((segment) => segment !== '');
  const file = fileName(path);
  return /^model\.(json|h5|keras)$/.test(file) && segments.length > 1 ? segments[segments.length - 2] : file;
}

export const scalingKindLabels: Record<ValueScaling['kind'], string> = {
  unit: 'x / 255 → [0, 1]',
  symmetric: 'x / 127.5 − 1 → [−1, 1]',
  meanStd: '(x / 255 − mean) / std',
  raw255: 'raw 0–255',
};

export const resizeModeLabels: Record<PreprocessingProfile['resize'], string> = {
  stretch: 'Stretch to input size',
  'shorter-side': 'Resize shorter side, then centre-crop',
};

/** The scaling in one line, with the per-channel numbers when it is mean/std. */
export function describeScaling(scaling: ValueScaling): string {
  if (scaling.kind !== 'meanStd') return scalingKindLabels[scaling.kind];
  const triple = (values: readonly number[]) => `(${values.map((v) => String(v)).join(', ')})`;
  return `${scalingKindLabels.meanStd}, mean ${triple(scaling.mean)}, std ${triple(scaling.std)}`;
}

/** How the resize step works, e.g. "Resize shorter side, then centre-crop 87.5%". */
export function describeResize(profile: PreprocessingProfile): string {
  if (profile.resize === 'stretch') return resizeModeLabels.stretch;
  return `${resizeModeLabels['shorter-side']} ${formatPercent(profile.centerCropFraction)}`;
}

/** "softmax" or "logits", plus where the logits come from when the engine found it. */
export function describeOutput(inspection: ModelInspection): string {
  const kind = inspection.outputKind === 'softmax' ? 'Softmax probabilities' : 'Logits (softmax applied by the engine)';
  return inspection.logitsSource === null ? kind : `${kind}; logits from ${inspection.logitsSource}`;
}

/** A data: URI of a raster image, or null for anything else (never let a file put a script URL in `src`). */
export function safeImageDataUri(uri: string | null): string | null {
  if (uri === null) return null;
  return /^data:image\/(jpeg|png|webp|gif);base64,[A-Za-z0-9+/=]+$/.test(uri) ? uri : null;
}

/**
 * What a webview may put in an image's `src`: a data: URI of a raster image, or an https: URL (the host's webview URI
 * of a run's image file, which the panel's CSP and resource roots confine to the shown runs' folders); null for anything else.
 */
export function safeImageSource(uri: string | null): string | null {
  if (uri === null || safeImageDataUri(uri) !== null) return uri;
  try {
    return new URL(uri).protocol === 'https:' ? uri : null;
  } catch {
    return null;
  }
}
