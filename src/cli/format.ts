// Plain-text rendering of engine results for the terminal.
import type { SkippedFile } from '../protocol/data';
import type { ModelInspection } from '../protocol/model';
import type { LoadedModel } from '../protocol/engine';

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Files left out of a run, one per line with the reason. */
export function formatSkipped(skipped: readonly SkippedFile[]): string {
  return [`Skipped ${skipped.length} file(s):`, ...skipped.map((s) => `  ${s.path}: ${s.reason}`)].join('\n');
}

export function formatInspection(model: LoadedModel): string {
  const i: ModelInspection = model.inspection;
  const p = model.profile;
  const scaling = p.scaling.kind === 'meanStd' ? `meanStd mean=${p.scaling.mean.join(',')} std=${p.scaling.std.join(',')}` : p.scaling.kind;
  const lines = [
    `Model       ${i.path}`,
    `Format      ${i.format}`,
    `Input       ${i.inputShape.join(' × ')} (H × W × C)`,
    `Parameters  ${formatCount(i.parameterCount)}`,
    `Classes     ${i.numClasses} (${model.labels.source})`,
    `Output      ${i.outputKind}${i.logitsSource ? ` (logits from ${i.logitsSource})` : ''}`,
    ...(i.predictionRuntime ? [`Predicts on ${i.predictionRuntime}`] : []),
    `Last conv   ${i.lastConvLayer ? `${i.lastConvLayer.name} ${i.lastConvLayer.shape.join(' × ')}` : 'none found'}`,
    `CAM head    ${i.camHead.applicable ? 'yes' : 'no'}: ${i.camHead.reason}`,
    `Profile     ${p.inputSize.join('×')}, ${p.resize}${p.resize === 'shorter-side' ? ` crop ${p.centerCropFraction}` : ''}, ${scaling}, ${p.channelOrder}${p.guessed ? '  (guessed: save a profile to confirm)' : ''}`,
    '',
    'Layers',
    ...i.layers.map((l) => `  ${l.name.padEnd(28)} ${l.className.padEnd(24)} ${(l.outputShape ? l.outputShape.map((d) => d ?? '?').join('×') : '?').padEnd(14)} ${formatCount(l.parameterCount).padStart(10)}`),
  ];
  const warnings = [...i.warnings, ...model.labels.warnings];
  if (warnings.length) lines.push('', 'Warnings', ...warnings.map((w) => `  ! ${w}`));
  return lines.join('\n');
}
