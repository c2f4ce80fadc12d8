// `robustness-lens cam MODEL DATA` on a dataset with train-fullsup and test splits: the WSOL protocol (camProtocol.ts in
// the engine) over the methods, normalisations and layers given, with a progress bar per run, and its report (with the
// test run's faithfulness when --faithfulness asks for it).
import { resolve } from 'node:path';
import type { RunRecord } from '../../protocol/records';
import type { CamResults } from '../../protocol/cam';
import type { EngineSession } from '../../engine/session';
import type { WsolSplitLayout } from '../../engine/data/wsolSplits';
import { camCandidates, camProtocol, candidateLabel } from '../../engine/cam/camProtocol';
import { saveRunRecord } from '../../engine/runs/store';
import type { CamOptions } from './cam';
import { cancelOnInterrupt } from '../cancellation';
import { createProgressBar } from '../progressBar';
import { protocolLines } from '../../present/report/protocolLines';
import { faithfulnessLines } from '../../present/report/faithfulnessLines';

export async function runCamProtocol(engine: EngineSession, modelId: string, layout: WsolSplitLayout, options: CamOptions): Promise<RunRecord<CamResults>> {
  const signal = cancelOnInterrupt();
  const record = await camProtocol(async (params, candidate, split) => {
    const bar = createProgressBar(`${split} ${candidateLabel(candidate, false)}`);
    try {
      return await engine.localise(params, (p) => bar.update(p), signal);
    } finally {
      bar.stop();
    }
  }, layout, {
    candidates: camCandidates([modelId], options.method, options.norm, options.layer ?? [undefined]),
    shared: { ivrPercentile: options.ivrPercentile, occlusionPatch: options.occlusionPatch, occlusionStride: options.occlusionStride, target: options.target, iouThresholds: options.iou, limit: options.limit, includeOverlays: false, progressToken: 'cli' },
    faithfulness: options.faithfulness, scoremapFolder: options.saveMaps, overlayFolder: options.saveOverlays, runsFolder: options.runs ? resolve(options.runs) : undefined, signal,
  });
  if (options.runs) await saveRunRecord(resolve(options.runs), record);
  return record;
}

/** The protocol's report: its table, then test's top-1 / GT-known localisation at the τ chosen on train-fullsup. */
export function formatProtocolReport(record: RunRecord<CamResults>, layout: WsolSplitLayout): string {
  const r = record.results;
  if (!r.protocol) throw new Error('The record has no protocol.');
  const loc = r.localisation;
  const locLines = loc ? [
    `Test Top-1 Loc (IoU≥50) at τ ${loc.threshold.toFixed(2)} (chosen on train-fullsup): ${loc.top1 === null ? 'n/a' : `${(loc.top1 * 100).toFixed(2)}%`}`,
    `Test GT-known Loc (IoU≥50) at τ ${loc.threshold.toFixed(2)} (chosen on train-fullsup): ${(loc.gtKnown * 100).toFixed(2)}%`,
  ] : [];
  return [
    `train-fullsup: ${layout.metadata['train-fullsup']} · test: ${layout.metadata.test} · images under ${layout.root}`,
    ...protocolLines(r.protocol, 'setting'),
    ...locLines,
    ...(r.faithfulness ? ['', `Measured on test with the setting chosen on train-fullsup (${r.protocol.candidates[r.protocol.chosen].label}):`, ...faithfulnessLines([{ method: r.settings.method, checkpoint: r.modelPath, faithfulness: r.faithfulness }])] : []),
    '',
    `Maps of the ${r.settings.target === 'top1' ? 'top-1' : 'ground-truth'} class · evaluated at ${r.settings.evaluationSize}×${r.settings.evaluationSize} · τ step ${r.settings.thresholdStep} · ${r.imageCount} test images`,
    ...(r.scoremapFolder ? [`Test score maps (.npy, wsolevaluation layout): ${r.scoremapFolder}`] : []),
    ...(r.overlayFolder ? [`Test overlays (.png): ${r.overlayFolder}`] : []),
    ...r.warnings.map((w) => `! ${w}`),
  ].join('\n');
}
