// `robustness-lens cam MODEL DATA`: class activation maps of any image or folder and, over the images with ground-truth
// boxes, CAM localisation accuracy (MaxBoxAcc, MaxBoxAccV2, top-1 / GT-known localisation), over those with masks PxAP,
// printed with the settings that must accompany the numbers (definitions.md §4). On a dataset with train-fullsup and
// test splits, the protocol chooses among the methods, normalisations and layers given (camProtocol.ts). --export md,csv
// --out DIR writes the report as Markdown and CSV.
import { dirname, join, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { RunRecord } from '../../protocol/records';
import type { LabelSet } from '../../protocol/model';
import { localisationExportFormats, type LocalisationExportFormat } from '../../protocol/messages/localisation';
import { camMethodNames, hasBoxMetrics, scoredImageCount, type CamAccuracyCurve, type CamMethod, type CamNormalisationName, type CamResults, type CamSettings, type CamTargetChoice, type WithBoxMetrics } from '../../protocol/cam';
import type { EngineSession } from '../../engine/session';
import { findWsolSplitFolder, findWsolSplits, type WsolSplitLayout } from '../../engine/data/wsolSplits';
import { writeFileAtomic } from '../../engine/atomicWrite';
import { UserFacingError } from '../../engine/errors';
import { formatProtocolReport, runCamProtocol } from './camProtocol';
import { faithfulnessLines } from '../../present/report/faithfulnessLines';
import { cancelOnInterrupt } from '../cancellation';
import { formatSkipped } from '../format';
import { writeDefinitionsPage } from '../../present/report/definitionsPage';
import { localisationCsv } from '../../present/report/localisationCsv';
import { localisationMarkdown } from '../../present/report/localisationMarkdown';
import { createProgressBar } from '../progressBar';
import { type ModelOptions, loadModelWithWarnings } from '../loadModel';

export interface CamOptions extends ModelOptions {
  /** Several only as candidates of the protocol (a dataset with train-fullsup and test splits); likewise norm and layer. */
  method: CamMethod[];
  norm: CamNormalisationName[];
  ivrPercentile?: number;
  layer?: string[];
  occlusionPatch?: number;
  occlusionStride?: number;
  target: CamTargetChoice;
  threshold?: number;
  saveMaps?: string;
  saveOverlays?: string;
  iou?: number[];
  faithfulness?: boolean;
  limit?: number;
  runs?: string;
  json?: boolean;
  /** Write the report as Markdown and / or CSV into `out` (localisation.md, localisation.csv), as the sweep's --export. */
  export?: LocalisationExportFormat[];
  out?: string;
}

/** The --export option: comma-separated formats among md and csv. */
export function camExportList(value: string): LocalisationExportFormat[] {
  const single = oneOf(localisationExportFormats);
  return [...new Set(value.split(',').map((part) => part.trim()).filter((part) => part !== '').map(single))];
}

/** Writes the run as localisation.md / localisation.csv into `outDir` (with the definitions page the Markdown links to); returns the files. */
async function writeCamExports(record: RunRecord<CamResults>, formats: readonly LocalisationExportFormat[], outDir: string): Promise<string[]> {
  const files: string[] = [];
  for (const format of formats) {
    const file = join(resolve(outDir), `localisation.${format}`);
    await writeFileAtomic(file, format === 'md' ? localisationMarkdown([record], 'Localisation') : localisationCsv([record]));
    files.push(file);
  }
  if (formats.includes('md')) files.push(await writeDefinitionsPage(resolve(outDir), writeFileAtomic));
  return files;
}

/** An option parser accepting one of `choices`. */
export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(choices as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${choices.join(', ')}`);
    return value as T;
  };
}

/** An option parser accepting comma-separated values, each one of `choices`. */
export function oneOrMoreOf<T extends string>(choices: readonly T[]): (value: string) => T[] {
  const single = oneOf(choices);
  return (value) => [...new Set(value.split(',').map((part) => single(part.trim())))];
}

/** Comma-separated names (layers), blanks dropped. */
export function nameList(value: string): string[] {
  const names = [...new Set(value.split(',').map((part) => part.trim()).filter((part) => part !== ''))];
  if (names.length === 0) throw new InvalidArgumentError('expected one or more comma-separated names');
  return names;
}

/** A percentage strictly between 0 and 100, returned as a fraction (60 → 0.6). */
export function percentage(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n < 100)) throw new InvalidArgumentError('expected a percentage between 0 and 100, e.g. 60');
  return n / 100;
}

/** Comma-separated IoU percentages (30,50,70) as fractions. */
export function percentageList(value: string): number[] {
  return value.split(',').map((part) => percentage(part.trim()));
}

/** A CAM threshold τ in [0, 1). */
export function camThreshold(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0 && n < 1)) throw new InvalidArgumentError('expected a threshold in [0, 1), e.g. 0.25');
  return n;
}

/** The one method, normalisation and layer of a run on a dataset without splits. */
function singleSetting(options: CamOptions): { method: CamMethod; normalisation: CamNormalisationName; layer: string | undefined } {
  const several = [options.method, options.norm, options.layer ?? []].some((list) => list.length > 1);
  if (several) {
    throw new UserFacingError('Several methods, normalisations or layers are candidates of the WSOL protocol, which chooses among them on a dataset with train-fullsup and test splits (metadata/{train-fullsup|val,test}/); give one of each for this dataset.', 'bad-input');
  }
  return { method: options.method[0], normalisation: options.norm[0], layer: options.layer?.[0] };
}

async function camProtocolCommand(engine: EngineSession, modelPath: string, layout: WsolSplitLayout, options: CamOptions): Promise<RunRecord<CamResults>> {
  if (options.threshold !== undefined) throw new UserFacingError('On a dataset with train-fullsup and test splits the protocol chooses τ on train-fullsup; leave --threshold out.', 'bad-input');
  const model = await loadModelWithWarnings(engine, modelPath, options);
  const record = await runCamProtocol(engine, model.modelId, layout, options);
  process.stdout.write(options.json ? `${JSON.stringify(record, null, 2)}\n` : `${formatProtocolReport(record, layout)}\n`);
  return record;
}

export async function camCommand(engine: EngineSession, modelPath: string, data: string, options: CamOptions): Promise<RunRecord<CamResults>> {
  if (options.export?.length && !options.out) throw new UserFacingError('--export needs --out DIR to write the report files into.', 'bad-input');
  const record = await camRun(engine, modelPath, data, options);
  if (options.export?.length && options.out) {
    const files = await writeCamExports(record, options.export, options.out);
    if (!options.json) process.stdout.write(files.map((file) => `Wrote ${file}\n`).join(''));
  }
  return record;
}

/** One run, or the protocol on a dataset with splits, printed as the report (or JSON). */
async function camRun(engine: EngineSession, modelPath: string, data: string, options: CamOptions): Promise<RunRecord<CamResults>> {
  const splits = await findWsolSplits(resolve(data));
  if (splits) return camProtocolCommand(engine, modelPath, splits, options);
  const { method, normalisation, layer } = singleSetting(options);
  const model = await loadModelWithWarnings(engine, modelPath, options);
  const bar = createProgressBar('cam');
  let record: RunRecord<CamResults>;
  try {
    record = await engine.localise({
      modelId: model.modelId, data, method, normalisation, ivrPercentile: options.ivrPercentile, layer,
      occlusionPatch: options.occlusionPatch, occlusionStride: options.occlusionStride,
      target: options.target, localisationThreshold: options.threshold, iouThresholds: options.iou, scoremapFolder: options.saveMaps,
      overlayFolder: options.saveOverlays, limit: options.limit, includeOverlays: false, progressToken: 'cli', runsFolder: options.runs,
      faithfulness: options.faithfulness,
    }, (p) => bar.update(p), cancelOnInterrupt());
  } finally {
    bar.stop();
  }
  const testSplit = await findWsolSplitFolder(resolve(data));
  const onTest = testSplit?.split === 'test' && hasBoxMetrics(record.results) && options.threshold === undefined
    ? `\n! MaxBoxAcc's τ above is chosen on the test split itself, not by the protocol: give ${dirname(testSplit.metadataDir)} to choose on train-fullsup.` : '';
  process.stdout.write(options.json ? `${JSON.stringify(record, null, 2)}\n` : `${formatCamReport(record, model.labels)}${onTest}\n`);
  return record;
}

const normalisationNames: Record<CamNormalisationName, string> = { minmax: 'min-max', max: 'max', pas: 'PaS', ivr: 'IVR' };

const percent = (fraction: number): string => `${(fraction * 100).toFixed(2)}%`;
const delta = (curve: CamAccuracyCurve): string => `${Math.round(curve.iouThreshold * 100)}`;

/** The settings line that must be printed beside the numbers. */
function settingsLine(s: CamSettings): string {
  const normalisation = s.ivrPercentile === null ? normalisationNames[s.normalisation] : `IVR p=${Math.round(s.ivrPercentile * 100)}`;
  const target = s.target === 'top1' ? 'top-1 class' : 'ground-truth class';
  const source = s.occlusion ? `zero-filled ${s.occlusion.patch}×${s.occlusion.patch} px patch, stride ${s.occlusion.stride} px` : `layer '${s.layer}'`;
  return `${camMethodNames[s.method]} · ${normalisation} normalisation · ${source} · maps of the ${target} · evaluated at ${s.evaluationSize}×${s.evaluationSize} · τ step ${s.thresholdStep}`;
}

/** Images listed one per line when a run has no box metrics; --json lists them all. */
const LISTED_IMAGES = 20;

/** The metric table of a run with boxes, and how many of its images it covers. */
function metricLines(r: WithBoxMetrics<CamResults>): string[] {
  const { localisation: loc } = r;
  const where = loc.thresholdSource === 'max-box-acc' ? 'MaxBoxAcc\'s best τ' : 'τ given';
  const rows: [string, string, string][] = [
    ['MaxBoxAcc (δ=50, largest box)', percent(r.maxBoxAcc.maxAccuracy), r.maxBoxAcc.bestThreshold.toFixed(2)],
    [`MaxBoxAccV2 (mean δ=${r.maxBoxAccV2.curves.map(delta).join(',')})`, percent(r.maxBoxAccV2.mean), ''],
    ...r.maxBoxAccV2.curves.map((c): [string, string, string] => [`  δ=${delta(c)}, all boxes`, percent(c.maxAccuracy), c.bestThreshold.toFixed(2)]),
    ['Top-1 Loc (IoU≥50)', loc.top1 === null ? 'n/a' : percent(loc.top1), `${loc.threshold.toFixed(2)} (${where})`],
    ['GT-known Loc (IoU≥50)', percent(loc.gtKnown), `${loc.threshold.toFixed(2)} (${where})`],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const scored = scoredImageCount(r);
  return [
    `${r.imageCount} images stretched to the model's ${r.settings.inputSize.join('×')} input (no centre crop), boxes scaled from the original size, as wsolevaluation`,
    ...(scored < r.imageCount ? [`Box metrics cover the ${scored} of ${r.imageCount} images that have ground-truth boxes; the other ${r.imageCount - scored} are mapped only.`] : []),
    '',
    `${'Metric'.padEnd(width)}  ${'Value'.padStart(7)}  τ`,
    ...rows.map(([name, value, tau]) => `${name.padEnd(width)}  ${value.padStart(7)}  ${tau}`.trimEnd()),
  ];
}

/** A run without boxes: why there are no metrics, then each image's top-1 class and box at the run's τ. */
function mapOnlyLines(r: CamResults, labels: LabelSet): string[] {
  const className = (index: number): string => labels.names[index] ?? `class ${index}`;
  const width = Math.max(...r.images.slice(0, LISTED_IMAGES).map((image) => image.id.length), 'Image'.length);
  const listed = r.images.slice(0, LISTED_IMAGES).map(({ id, predicted, box }) => `${id.padEnd(width)}  ${className(predicted).padEnd(16)}  (${box.x0}, ${box.y0})–(${box.x1}, ${box.y1})`);
  return [
    `${r.imageCount} images mapped; none has a ground-truth box, so no box metrics (MaxBoxAcc and the rest need a wsolevaluation dataset whose metadata/localization.txt lists boxes).`,
    '',
    `${'Image'.padEnd(width)}  ${'Top-1 class'.padEnd(16)}  Box at τ ${r.boxThreshold.toFixed(2)} (${r.settings.evaluationSize}×${r.settings.evaluationSize})`,
    ...listed,
    ...(r.images.length > LISTED_IMAGES ? [`… and ${r.images.length - LISTED_IMAGES} more (--json lists every image)`] : []),
  ];
}

function formatCamReport(record: RunRecord<CamResults>, labels: LabelSet): string {
  const r = record.results;
  const size = `${r.settings.evaluationSize}×${r.settings.evaluationSize}`;
  const lines = [
    settingsLine(r.settings),
    ...(hasBoxMetrics(r) ? metricLines(r) : r.pxap === undefined || r.pxap === null ? mapOnlyLines(r, labels) : []),
    ...(r.pxap === undefined || r.pxap === null ? [] : [`PxAP (pixel average precision over the ${r.imageCount} images' masks, ignore regions excluded)  ${percent(r.pxap)}`]),
    ...(r.faithfulness ? ['', ...faithfulnessLines([{ method: r.settings.method, checkpoint: r.modelPath, faithfulness: r.faithfulness }])] : []),
    '',
    `${record.timings.imagesPerSecond?.toFixed(1)} images/s on ${record.backend.label}`,
  ];
  if (r.scoremapFolder) lines.push(`Score maps (.npy, ${size}, wsolevaluation layout): ${r.scoremapFolder}`);
  if (r.overlayFolder) lines.push(`Overlays (.png, map over the image, boxes at τ ${r.boxThreshold.toFixed(2)}): ${r.overlayFolder}`);
  if (r.warnings.length) lines.push(...r.warnings.map((w) => `! ${w}`));
  if (r.skipped.length) lines.push(formatSkipped(r.skipped));
  return lines.join('\n');
}
