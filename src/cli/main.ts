// The command-line front end: the same engine as the extension, without VS Code.
import { Command, InvalidArgumentError } from 'commander';
import { backendPreferences, type BackendPreference } from '../protocol/backend';
import { camMethods, camNormalisations, camTargets } from '../protocol/cam';
import { errorMessage, isUserFacingError } from '../engine/errors';
import { EngineSession } from '../engine/session';
import { backendChoiceReason } from '../engine/backend';
import { ROBUSTNESS_LENS_VERSION } from '../engine/version';
import { camCommand, camExportList, camThreshold, nameList, oneOf, oneOrMoreOf, percentage, percentageList, type CamOptions } from './commands/cam';
import { camScoreCommand, type CamScoreOptions } from './commands/camScore';
import { demoCommand } from './commands/demo';
import { inspectCommand, type InspectOptions } from './commands/inspect';
import { predictCommand, type PredictOptions } from './commands/predict';
import { imagenetBenchmarks, sweepParameterSets, type SweepShard } from '../protocol/sweep';
import { withPreprocessingOptions } from './preprocessingOptions';
import { parseShard } from '../engine/sweep/shard';
import { mergeCommand, type MergeOptions } from './commands/merge';
import { mixMethods } from '../protocol/mix';
import { classPair, lambdaValue, mixCommand, type MixOptions } from './commands/mix';
import { corruptCommand, corruptDatasetCommand, type CorruptDatasetOptions, type CorruptOptions } from './commands/corrupt';
import { collectOodFolder, commaList, epsilonList, exportList, oodScoreOption, severityList, sweepCommand, type SweepOptions } from './commands/sweep';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

/** The largest batch the CLI accepts: 1 024 images of 224 × 224 already take 600 MB as float32 input alone. */
const maxBatchSize = 1024;

function batchSizeOption(value: string): number {
  const n = positiveInt(value);
  if (n > maxBatchSize) throw new InvalidArgumentError(`at most ${maxBatchSize} images per batch; a larger batch does not fit in memory (lower it if the engine runs out of memory)`);
  return n;
}

function shardOption(value: string): SweepShard {
  try {
    return parseShard(value);
  } catch (err) {
    throw new InvalidArgumentError(errorMessage(err));
  }
}

function backendOption(value: string): BackendPreference {
  if (!(backendPreferences as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${backendPreferences.join(', ')}`);
  return value as BackendPreference;
}

const program = new Command('robustness-lens')
  .description('Where an image classifier looks and how it breaks: the engine of the Robustness Lens VS Code extension.')
  .version(ROBUSTNESS_LENS_VERSION)
  .option('--backend <name>', 'tensorflow, webgpu, wasm, cpu or auto', backendOption, 'auto' as BackendPreference)
  .option('--batch-size <n>', `images per batch, 1 to ${maxBatchSize}`, batchSizeOption, 32)
  .showHelpAfterError()
  // Every usage error (unknown command or option, bad option value) is bad input: exit 2; help and version exit 0.
  // Commands defined below inherit this.
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));

async function engine(): Promise<EngineSession> {
  const { backend, batchSize } = program.opts<{ backend: BackendPreference; batchSize: number }>();
  const session = await EngineSession.start({ backend, batchSize });
  const reason = backendChoiceReason(session.backend);
  process.stderr.write(`Backend: ${session.backend.label}${reason ? ` (passed over: ${reason})` : ''}\n`);
  return session;
}

withPreprocessingOptions(program.command('inspect')
  .description('show the input shape, layers, output kind, last conv map, CAM applicability and preprocessing profile')
  .argument('<model>', '.onnx, model.json, .h5, .keras or a SavedModel folder')
  .option('--labels <file>', 'labels.txt or labels.json to use'))
  .option('--json', 'print JSON')
  .action(async (model: string, options: InspectOptions) => inspectCommand(await engine(), model, options));

withPreprocessingOptions(program.command('predict')
  .description('top-k predictions on an image, a folder, an ImageFolder tree or a wsolevaluation dataset')
  .argument('<model>', '.onnx, model.json, .h5, .keras or a SavedModel folder')
  .argument('<data>', 'image file or dataset folder')
  .option('--labels <file>', 'labels.txt or labels.json to use'))
  .option('--top-k <k>', 'classes to show per image', positiveInt, 5)
  .option('--limit <n>', 'only the first n images', positiveInt)
  .option('--save-predictions <file>', 'write per-image probabilities (.csv or .json)')
  .option('--runs <dir>', 'save a run record in this folder')
  .option('--json', 'print the run record as JSON')
  .action(async (model: string, data: string, options: PredictOptions) => {
    await predictCommand(await engine(), model, data, options);
  });

withPreprocessingOptions(program.command('cam')
  .description('class activation maps of any images, and CAM localisation accuracy (MaxBoxAcc, MaxBoxAccV2, top-1 / GT-known loc) over those with ground-truth boxes')
  .argument('<model>', '.onnx, model.json, .h5, .keras or a SavedModel folder')
  .argument('<data>', 'image file, folder, ImageFolder tree or wsolevaluation dataset folder (metadata/localization.txt holds the boxes or masks); with metadata/{train-fullsup|val,test}/ splits, settings are chosen on train-fullsup and test reported once')
  .option('--labels <file>', 'labels.txt or labels.json to use'))
  .option('--method <names>', `${camMethods.join(', ')}; on a dataset with train-fullsup and test splits, several (comma-separated) are candidates`, oneOrMoreOf(camMethods), ['cam'])
  .option('--norm <names>', `score-map normalisation: ${camNormalisations.join(', ')}; several are candidates, as --method`, oneOrMoreOf(camNormalisations), ['minmax'])
  .option('--ivr-percentile <p>', 'IVR percentile in percent (default 60)', percentage)
  .option('--layer <names>', 'feature layer for every method but classic CAM (default: the last convolutional layer); several are candidates, as --method', nameList)
  .option('--occlusion-patch <px>', 'with --method occlusion: side of the zero-filled window in input pixels (default: a seventh of the input side, 32 at 224)', positiveInt)
  .option('--occlusion-stride <px>', 'with --method occlusion: step between windows in input pixels, at most the patch (default: half the patch)', positiveInt)
  .option('--target <class>', 'explain the top1 prediction or the gt (ground-truth) class', oneOf(camTargets), 'top1')
  .option('--threshold <tau>', 'CAM threshold τ for the boxes and top-1 / GT-known loc (default: MaxBoxAcc\'s best τ; 0.2 without ground-truth boxes)', camThreshold)
  .option('--save-maps <dir>', 'write each 224×224 score map as <dir>/<image_id>.npy')
  .option('--save-overlays <dir>', 'write each image with its map over it and the boxes at τ as <dir>/<image_id>.png')
  .option('--iou <list>', 'IoU thresholds in percent for MaxBoxAccV2', percentageList)
  .option('--faithfulness', 'also measure the maps\' faithfulness: ROAD, deletion / insertion AUC, average drop / increase (many forward passes per image); with splits, on test with the setting chosen on train-fullsup')
  .option('--limit <n>', 'only the first n images', positiveInt)
  .option('--runs <dir>', 'save a run record in this folder')
  .option('--export <formats>', 'write the report as md and/or csv (localisation.md, localisation.csv) into --out', camExportList)
  .option('--out <dir>', 'folder for the exported report')
  .option('--json', 'print the run record as JSON')
  .action(async (model: string, data: string, options: CamOptions) => { await camCommand(await engine(), model, data, options); });

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a whole number');
  return n;
}

program.command('cam-score')
  .description('score wsolevaluation-format score maps made elsewhere (<image_id>.npy, 224×224, values in [0, 1]) against a dataset\'s boxes (MaxBoxAcc) or masks (PxAP); on a dataset with train-fullsup and test splits, choose among map folders on train-fullsup and report test once')
  .argument('<data>', 'wsolevaluation dataset folder (metadata/localization.txt holds the boxes or masks), or one with metadata/{train-fullsup|val,test}/ splits')
  .requiredOption('--maps <dirs>', 'folder of <image_id>.npy score maps; with splits, several comma-separated folders are the candidates the protocol chooses among')
  .option('--json', 'print the results as JSON')
  .action(async (data: string, options: CamScoreOptions) => { await camScoreCommand(data, options); });

withPreprocessingOptions(program.command('sweep')
  .description('clean, corruption, FGSM, occlusion, calibration and OOD errors for checkpoints on the same images; the CutMix paper\'s table')
  .argument('<models...>', '.onnx, model.json, .h5, .keras or SavedModel folders')
  .requiredOption('--data <dir>', 'labelled images (an ImageFolder tree, a wsolevaluation dataset, a CIFAR binary test set), or a released corruption set (ImageNet-C tree, CIFAR-10-C arrays) with --clean')
  .option('--labels <file>', 'labels.txt or labels.json to use'), 'every model named')
  .option('--clean <dir>', 'with a released corruption set as --data: the clean images it was made from (ImageFolder; the CIFAR binary test set for .npy arrays)')
  .option('--dataset <name>', `read the images as an ImageNet benchmark (${imagenetBenchmarks.join(', ')}); default: recognised from the folder names`, oneOf(imagenetBenchmarks))
  .option('--baseline <model>', 'the mCE baseline: a checkpoint, or alexnet (ImageNet models only); default AlexNet for ImageNet, else the first model')
  .option('--corruptions <list>', 'corruption names (default all 15 benchmark + 4 extras)', commaList)
  .option('--severities <list>', 'severities 1..5 (default all)', severityList)
  .option('--fgsm [list]', 'FGSM at these ε in /255 units (default 1,2,4,8,16)', epsilonList)
  .option('--occlusion', 'occlusion robustness with centred holes (centre and boundary)')
  .option('--ood <dir>', 'a folder of out-of-distribution images, besides the built-in noise sets; repeat for several (each a row named by its folder name), near:DIR or far:DIR tags it', collectOodFolder)
  .option('--ood-score <score>', 'the OOD score shown in the terminal and the md/html reports: msp, maxlogit, energy (T = 1) or all (the CSV has every score)', oodScoreOption, 'msp')
  .option('--calibration-split <dir>', 'labelled images (any layout --data takes) to fit temperature scaling on; ECE and NLL are then reported before and after; refused if it shares an image with --data')
  .option('--limit <n>', 'only the first n images (of the OOD folders and the calibration split too)', positiveInt)
  .option('--seed <n>', 'seed of every random draw', wholeNumber, 0)
  .option('--parameter-set <name>', `force a corruption table: ${sweepParameterSets.join(', ')}`, oneOf(sweepParameterSets))
  .option('--jpeg-round-trip', 'save each corrupted image as JPEG quality 85 and read it back, as the released ImageNet-C files')
  .option('--save-predictions <file>', 'write per-image probabilities for every condition (.csv, else JSON Lines)')
  .option('--runs <dir>', 'save a run record in this folder')
  .option('--export <formats>', 'write the report as md, csv and/or html into --out', exportList)
  .option('--out <dir>', 'folder for the exported report')
  .option('--json', 'print the run record as JSON')
  .option('--workers <n>', 'engine processes splitting the images (default: one per core on the wasm and cpu backends, else 1)', positiveInt)
  .option('--shard <i/N>', 'evaluate only shard i of N (0-based, split at batch boundaries) and save its record in --runs for `merge`', shardOption)
  .action(async (models: string[], options: SweepOptions) => { await sweepCommand(await engine(), models, options); });

program.command('merge')
  .description('merge the records of a sweep run as shards (sweep --shard i/N) into the record one unsharded run gives, and report it')
  .argument('<records...>', 'shard run folders or their record.json files, every shard once')
  .option('--save-predictions <file>', 'join the shards\' prediction files into this file (.csv or JSON Lines, as the shards wrote)')
  .option('--runs <dir>', 'save the merged run record in this folder')
  .option('--export <formats>', 'write the report as md, csv and/or html into --out', exportList)
  .option('--out <dir>', 'folder for the exported report')
  .option('--json', 'print the merged run record as JSON')
  .option('--ood-score <score>', 'the OOD score shown in the terminal and the md/html reports: msp, maxlogit, energy (T = 1) or all (the CSV has every score)', oodScoreOption, 'msp')
  .action(async (records: string[], options: MergeOptions) => { await mergeCommand(records, options); });

program.command('corrupt')
  .description('write one image corrupted at one severity (at its own size)')
  .argument('<image>', 'an image file')
  .requiredOption('--corruption <name>', 'corruption name, e.g. gaussian_noise')
  .requiredOption('--severity <s>', 'severity 1..5', (v: string) => severityList(v)[0])
  .requiredOption('--out <file>', 'output image (.png, or .jpg)')
  .option('--seed <n>', 'seed of the random draws', wholeNumber, 0)
  .option('--parameter-set <name>', `force a corruption table: ${sweepParameterSets.join(', ')}`, oneOf(sweepParameterSets))
  .action(async (image: string, options: CorruptOptions) => { await engine(); await corruptCommand(image, options); });

program.command('corrupt-dataset')
  .description('write a corrupted copy of a dataset in the ImageNet-C layout <out>/<corruption>/<severity>/<image>.png')
  .argument('<data>', 'image folder, ImageFolder tree or wsolevaluation dataset')
  .requiredOption('--out <dir>', 'output folder')
  .option('--corruptions <list>', 'corruption names (default all 19)', commaList)
  .option('--severities <list>', 'severities 1..5 (default all)', severityList)
  .option('--seed <n>', 'seed of the random draws', wholeNumber, 0)
  .option('--limit <n>', 'only the first n images', positiveInt)
  .option('--parameter-set <name>', `force a corruption table: ${sweepParameterSets.join(', ')}`, oneOf(sweepParameterSets))
  .option('--workers <n>', 'threads writing the copies, this one included (default: one per core on the wasm and cpu backends, else 1); any count writes the same files', positiveInt)
  .action(async (data: string, options: CorruptDatasetOptions) => { await engine(); await corruptDatasetCommand(data, options); });

withPreprocessingOptions(program.command('mix')
  .description('Mixup, Cutout, CutMix or Puzzle Mix previews: mixed images as PNG, the model\'s predictions and in-between statistics')
  .argument('<model>', '.onnx, model.json, .h5, .keras or a SavedModel folder')
  .argument('<data>', 'labelled images: an ImageFolder tree or a wsolevaluation dataset')
  .requiredOption('--method <name>', mixMethods.join(', '), oneOf(mixMethods))
  .requiredOption('--out <dir>', 'folder for the mixed images (mix-01.png, …)')
  .option('--pairs <n>', 'number of pairs', positiveInt, 8)
  .option('--lambda <l>', 'a fixed λ in [0, 1] (default: λ ~ Beta(1, 1) per pair)', lambdaValue)
  .option('--classes <a,b>', 'pair images of class a (x1) with class b (x2), by name or index', classPair)
  .option('--cutout-side <px>', 'Cutout\'s square side L (default half the input side)', positiveInt)
  .option('--seed <n>', 'seed of every random draw', wholeNumber, 0)
  .option('--labels <file>', 'labels.txt or labels.json to use'))
  .option('--runs <dir>', 'save a run record in this folder')
  .option('--json', 'print the run record as JSON')
  .action(async (model: string, data: string, options: MixOptions) => { await mixCommand(await engine(), model, data, options); });

program.command('demo')
  .description('run the bundled sample models on the sample set and write an HTML report')
  .option('--out <dir>', 'report folder', 'demo-report')
  .action(async (options: { out: string }) => { await demoCommand(await engine(), options.out); });

/** Exits once stdout and stderr have flushed: on a pipe they write asynchronously, and a bare exit would cut `--json` short. */
function exitAfterOutput(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

program.parseAsync(process.argv).then(() => exitAfterOutput(0), (err: unknown) => {
  if (isUserFacingError(err)) {
    process.stderr.write(`error: ${err.message}\n`);
    exitAfterOutput(err.code === 'cancelled' ? 130 : 2);
    return;
  }
  process.stderr.write(`internal error: ${errorMessage(err)}\n${err instanceof Error ? err.stack ?? '' : ''}\n`);
  exitAfterOutput(1);
});
