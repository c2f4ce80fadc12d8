// The command-line front end: the same engine as the extension, without VS Code.
import { Command, InvalidArgumentError } from 'commander';
import { backendPreferences, type BackendPreference } from '../protocol/backend';
import { errorMessage, isUserFacingError } from '../engine/errors';
import { EngineSession } from '../engine/session';
import { ROBUSTNESS_LENS_VERSION } from '../engine/version';
import { demoCommand } from './commands/demo';
import { inspectCommand } from './commands/inspect';
import { predictCommand } from './commands/predict';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

function backendOption(value: string): BackendPreference {
  if (!(backendPreferences as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${backendPreferences.join(', ')}`);
  return value as BackendPreference;
}

const program = new Command('robustness-lens')
  .description('Where an image classifier looks and how it breaks: the engine of the Robustness Lens VS Code extension.')
  .version(ROBUSTNESS_LENS_VERSION)
  .option('--backend <name>', 'tensorflow, wasm, cpu or auto', backendOption, 'auto' as BackendPreference)
  .option('--batch-size <n>', 'images per batch', positiveInt, 32)
  .showHelpAfterError();

async function engine(): Promise<EngineSession> {
  const { backend, batchSize } = program.opts<{ backend: BackendPreference; batchSize: number }>();
  const session = await EngineSession.start({ backend, batchSize });
  process.stderr.write(`Backend: ${session.backend.label}\n`);
  return session;
}

program.command('inspect')
  .description('show the input shape, layers, output kind, last conv map, CAM applicability and preprocessing profile')
  .argument('<model>', 'model.json, .h5, .keras or a SavedModel folder')
  .option('--labels <file>', 'labels.txt or labels.json to use')
  .option('--json', 'print JSON')
  .action(async (model: string, options: { labels?: string; json?: boolean }) => inspectCommand(await engine(), model, options));

program.command('predict')
  .description('top-k predictions on an image, a folder, an ImageFolder tree or a wsolevaluation dataset')
  .argument('<model>', 'model.json, .h5, .keras or a SavedModel folder')
  .argument('<data>', 'image file or dataset folder')
  .option('--labels <file>', 'labels.txt or labels.json to use')
  .option('--top-k <k>', 'classes to show per image', positiveInt, 5)
  .option('--limit <n>', 'only the first n images', positiveInt)
  .option('--save-predictions <file>', 'write per-image probabilities (.csv or .json)')
  .option('--runs <dir>', 'save a run record in this folder')
  .option('--json', 'print the run record as JSON')
  .action(async (model: string, data: string, options: { labels?: string; topK: number; limit?: number; savePredictions?: string; runs?: string; json?: boolean }) => {
    await predictCommand(await engine(), model, data, options);
  });

program.command('demo')
  .description('run the bundled sample models on the sample set and write an HTML report')
  .option('--out <dir>', 'report folder', 'demo-report')
  .action(async (options: { out: string }) => { await demoCommand(await engine(), options.out); });

program.parseAsync(process.argv).then(() => process.exit(0), (err: unknown) => {
  if (isUserFacingError(err)) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exit(err.code === 'cancelled' ? 130 : 2);
  }
  process.stderr.write(`internal error: ${errorMessage(err)}\n${err instanceof Error ? err.stack ?? '' : ''}\n`);
  process.exit(1);
});
