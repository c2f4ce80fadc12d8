// The facts every robustness report states beside its numbers (definitions.md §1.4, "Every report states", and §1 notes).
import { CORRUPTIONS, RELEASE_JPEG_QUALITY, REFERENCE_SIZE, pixelScaleFor, type CorruptionName, type ParameterSetName } from '../corruptions';
import type { FgsmTarget } from '../adversarial/fgsm';
import { ALEXNET_CLEAN_ERROR } from './alexnetBaseline';
import type { CorruptionBaseline } from './summary';
import type { CorruptionSource } from './sweepSetup';

export interface ReportSettings {
  baseline: CorruptionBaseline;
  parameterSet: ParameterSetName;
  /** Model input size the corruptions were applied at. */
  height: number;
  width: number;
  corruptions: readonly CorruptionName[];
  seed: number;
  imageCount: number;
  jpegRoundTrip: boolean;
  /** Present when FGSM was run: which y its loss used. */
  fgsmTarget?: FgsmTarget;
  /** Present when FGSM was run: the ε of the FGSM column, in pixel units of [0, 1] images. */
  fgsmEpsilon?: number;
  /** Present when occlusion robustness was run: how holes were made. */
  occlusionNote?: string;
  /** Where the corrupted images came from; when absent, nothing is said about it. */
  corruptionSource?: CorruptionSource;
}

export interface ReportFact {
  label: string;
  value: string;
}

const PARAMETER_SET_NAMES: Readonly<Record<ParameterSetName, string>> = {
  'imagenet-c': 'ImageNet-C (definitions.md §1.1–1.2)',
  'cifar-10-c': 'CIFAR-10-C (definitions.md §1.3)',
};

function describeBaseline(baseline: CorruptionBaseline): string {
  return baseline.kind === 'alexnet'
    ? `AlexNet, published ImageNet-C mean errors per corruption (clean error ${ALEXNET_CLEAN_ERROR}); CE = mean error / AlexNet's`
    : `checkpoint "${baseline.errors.model}", evaluated on the same images by the same code`;
}

function describeParameters(settings: ReportSettings): string {
  const scale = pixelScaleFor(settings.parameterSet, settings.height, settings.width);
  const scaling = scale === 1 ? '' : `; pixel lengths scaled by min(H, W)/${REFERENCE_SIZE[settings.parameterSet]} = ${Number(scale.toFixed(4))} for ${settings.height}×${settings.width} images`;
  return PARAMETER_SET_NAMES[settings.parameterSet] + scaling;
}

/** How the corruptions used depart from the published generator (procedural frost, imagecorruptions elastic and motion blur). */
function describeVariants(corruptions: readonly CorruptionName[]): string {
  const variants = CORRUPTIONS.filter((c) => corruptions.includes(c.name) && c.variant !== null).map((c) => `${c.displayName}: ${c.variant}`);
  return variants.length ? variants.join('; ') : 'none: every corruption used follows the published generator';
}

// definitions.md §1.4: baseline, corruption source and variant, seed, image count, JPEG round trip — plus §2's FGSM target and §3's zeroing.
/** The corruption source fact: "released files" (read as published, so no generator parameters apply) or "generated". */
function describeSource(source: CorruptionSource): string {
  return source.kind === 'released'
    ? `released files: the corrupted images were read from ${source.root} as published, not generated; clean images from ${source.clean}, matched by image`
    : 'generated: each corrupted image was computed from its clean image by this extension (definitions.md §1)';
}

export function reportFacts(settings: ReportSettings): ReportFact[] {
  const released = settings.corruptionSource?.kind === 'released';
  const facts: ReportFact[] = [
    { label: 'Baseline', value: describeBaseline(settings.baseline) },
    ...(settings.corruptionSource ? [{ label: 'Corruption source', value: describeSource(settings.corruptionSource) }] : []),
    // The generator's parameters, variants and JPEG round trip describe generated images only.
    ...(released ? [] : [
      { label: 'Corruption parameters', value: describeParameters(settings) },
      { label: 'Variants', value: describeVariants(settings.corruptions) },
    ]),
    { label: 'Seed', value: String(settings.seed) },
    { label: 'Images', value: String(settings.imageCount) },
    ...(released ? [] : [{ label: 'JPEG round trip', value: settings.jpegRoundTrip ? `on (saved as JPEG quality ${RELEASE_JPEG_QUALITY} after corruption, as the released ImageNet-C files)` : 'off' }]),
  ];
  if (settings.fgsmTarget) {
    const epsilon = settings.fgsmEpsilon === undefined ? '' : `ε = ${Number((settings.fgsmEpsilon * 255).toFixed(3))}/255 in [0, 1] pixel units; `;
    const target = settings.fgsmTarget === 'label' ? 'the true labels' : "the model's own predictions (images unlabelled; error = fraction of predictions changed)";
    facts.push({ label: 'FGSM', value: `${epsilon}cross-entropy of the logits against ${target}` });
  }
  if (settings.occlusionNote) facts.push({ label: 'Occlusion', value: settings.occlusionNote });
  return facts;
}
