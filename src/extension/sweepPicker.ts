// What the "Robustness Sweep" command asks for: checkpoints (several at once), the clean images (the bundled sample set, a
// labelled folder, an ImageNet benchmark tree, or a released corruption set with its clean set), the mCE baseline, and the
// analyses (corruptions and severities, FGSM, occlusion, OOD).
import * as vscode from 'vscode';
import { z } from 'zod';
import type { SweepAnalyses } from '../protocol/messages/sweep';
import { ALEXNET_BASELINE, imagenetBenchmarks, type ImageNetBenchmark } from '../protocol/sweep';
import { modelNodeSchema, pickModels, sampleDataPath, type PickerWording } from './modelAndDataPicker';
import { displayName } from './panels/overviewPanel';

export interface SweepPick { modelPaths: string[]; data: string; clean: string | null; dataset: ImageNetBenchmark | null; baseline: string | null; analyses: SweepAnalyses }

/** The images a sweep reads: `data`, with the clean set of a released corruption set and the ImageNet benchmark it is. */
type SweepData = Pick<SweepPick, 'data' | 'clean' | 'dataset'>;

/** The 15 benchmark corruptions, in the order of definitions.md §1.1. */
const BENCHMARK_CORRUPTIONS = [
  'gaussian_noise', 'shot_noise', 'impulse_noise', 'defocus_blur', 'glass_blur', 'motion_blur', 'zoom_blur',
  'snow', 'frost', 'fog', 'brightness', 'contrast', 'elastic_transform', 'pixelate', 'jpeg_compression',
];
/** The held-out extras of definitions.md §1.2, reported beside mCE. */
const EXTRA_CORRUPTIONS = ['speckle_noise', 'gaussian_blur', 'spatter', 'saturate'];
/** FGSM's sweep of definitions.md §2, in /255 units. */
const FGSM_STEPS = [1, 2, 4, 8, 16];
/** AlexNet's published errors are a baseline only for ImageNet models (1000 outputs), as the engine checks too. */
const IMAGENET_CLASSES = 1000;

const WHOLE_SET: SweepAnalyses = {
  corruptions: [...BENCHMARK_CORRUPTIONS, ...EXTRA_CORRUPTIONS], severities: [1, 2, 3, 4, 5],
  fgsmEpsilons: FGSM_STEPS.map((s) => s / 255), occlusion: true, oodFolder: null, limit: null,
};

const wording: PickerWording = {
  modelsTitle: 'Robustness Sweep (1/4): checkpoints to compare on the same images', modelsPlaceholder: 'Pick one or more checkpoints',
  datasetTitle: 'Robustness Sweep (2/4): labelled images', sampleDescription: 'labelled digits',
  browseLabel: 'Browse for a labelled dataset…', browseDescription: 'an ImageFolder tree or a wsolevaluation dataset', openLabel: 'Sweep',
};

/** Tests and other commands may pass everything. */
const givenTargetSchema = z.object({
  modelPaths: z.array(z.string().min(1)).min(1).max(8),
  data: z.string().min(1).optional(),
  clean: z.string().min(1).optional(),
  dataset: z.enum(imagenetBenchmarks).optional(),
  baseline: z.string().min(1).optional(),
  analyses: z.object({
    corruptions: z.array(z.string().min(1)),
    severities: z.array(z.number().int().min(1).max(5)).min(1),
    fgsmEpsilons: z.array(z.number().gt(0).max(1)),
    occlusion: z.boolean(),
    oodFolder: z.string().min(1).nullable(),
    limit: z.number().int().positive().nullable(),
  }).optional(),
});

/** How each ImageNet benchmark's release lays out its classes (definitions.md §7). */
const BENCHMARK_CHOICES: ReadonlyArray<{ label: string; description: string; dataset: ImageNetBenchmark }> = [
  { label: 'ImageNet validation', description: '1000 WordNet-id class folders (n01440764, …)', dataset: 'imagenet-val' },
  { label: 'ImageNet-V2', description: 'class folders 0 … 999 named by class index', dataset: 'imagenet-v2' },
  { label: 'ImageNet-Sketch', description: '1000 WordNet-id class folders', dataset: 'imagenet-sketch' },
  { label: 'ImageNet-A', description: '200 WordNet-id class folders; scored among those 200 classes', dataset: 'imagenet-a' },
  { label: 'ImageNet-R', description: '200 WordNet-id class folders; scored among those 200 classes', dataset: 'imagenet-r' },
];

async function pickFolder(title: string, openLabel: string): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({ title, canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel });
  return picked?.[0]?.fsPath;
}

/** Step 2: the clean images, from the bundled sample set, a labelled folder, an ImageNet benchmark tree or a released corruption set. */
async function pickSweepData(extensionPath: string): Promise<SweepData | undefined> {
  const choices = [
    { label: '$(database) Bundled sample set', description: wording.sampleDescription, key: 'sample' },
    { label: `$(folder-opened) ${wording.browseLabel}`, description: 'an ImageFolder tree, a wsolevaluation dataset, or a CIFAR-10/100 binary folder', key: 'folder' },
    { label: '$(globe) ImageNet benchmark…', description: 'validation, V2, Sketch, A or R, as released', key: 'benchmark' },
    { label: '$(files) Released corruption set…', description: 'an ImageNet-C tree or CIFAR-10-C arrays, with the clean images it was made from', key: 'released' },
  ] as const;
  const choice = await vscode.window.showQuickPick(choices, { title: wording.datasetTitle });
  if (!choice) return undefined;
  if (choice.key === 'sample') return { data: sampleDataPath(extensionPath), clean: null, dataset: null };
  if (choice.key === 'folder') {
    const data = await pickFolder('Labelled images to sweep', wording.openLabel);
    return data ? { data, clean: null, dataset: null } : undefined;
  }
  if (choice.key === 'benchmark') {
    const benchmark = await vscode.window.showQuickPick(BENCHMARK_CHOICES, { title: 'Robustness Sweep (2/4): which ImageNet benchmark' });
    const data = benchmark && await pickFolder(`The ${benchmark.label} folder (its class folders inside)`, wording.openLabel);
    return benchmark && data ? { data, clean: null, dataset: benchmark.dataset } : undefined;
  }
  const data = await pickFolder('The released corruption set (<corruption>/<severity>/… or <corruption>.npy beside labels.npy)', 'Use these corrupted images');
  const clean = data && await pickFolder('Its clean images (an ImageFolder tree of the same images, or the CIFAR binary test set folder)', 'Use as clean images');
  return data && clean ? { data, clean, dataset: null } : undefined;
}

/** The baseline: one of the chosen checkpoints, or AlexNet's published errors when the inputs are ImageNet-sized. */
async function pickBaseline(modelPaths: readonly string[], imagenetSized: boolean): Promise<string | null | undefined> {
  const items = [
    ...modelPaths.map((modelPath) => ({ label: displayName(modelPath), description: 'evaluated on the same images by the same code', baseline: modelPath })),
    ...(imagenetSized ? [{ label: 'AlexNet', description: 'published ImageNet-C errors (definitions.md §1.4)', baseline: ALEXNET_BASELINE }] : []),
  ];
  if (items.length === 1) return items[0].baseline;
  const choice = await vscode.window.showQuickPick(items, { title: 'Robustness Sweep (3/4): the mCE baseline (CE = 100% for it)' });
  return choice?.baseline;
}

async function pickAnalyses(): Promise<SweepAnalyses | undefined> {
  const items = [
    { label: '15 benchmark corruptions', description: 'Noise, Blur, Weather, Digital; needed for mCE', picked: true, key: 'benchmark' },
    { label: '4 extra corruptions', description: 'speckle noise, Gaussian blur, spatter, saturate', picked: true, key: 'extras' },
    { label: 'FGSM', description: `ε = ${FGSM_STEPS.join(', ')} /255`, picked: true, key: 'fgsm' },
    { label: 'Occlusion', description: 'centre and boundary holes', picked: true, key: 'occlusion' },
    { label: 'Out-of-distribution folder…', description: 'besides the built-in noise sets', picked: false, key: 'ood' },
  ];
  const chosen = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Robustness Sweep (4/4): analyses besides clean error and calibration' });
  if (!chosen) return undefined;
  const keys = new Set(chosen.map((c) => c.key));
  const corruptions = [...(keys.has('benchmark') ? BENCHMARK_CORRUPTIONS : []), ...(keys.has('extras') ? EXTRA_CORRUPTIONS : [])];
  let severities = WHOLE_SET.severities;
  if (corruptions.length) {
    const levels = await vscode.window.showQuickPick([1, 2, 3, 4, 5].map((s) => ({ label: `Severity ${s}`, picked: true, severity: s })), {
      canPickMany: true, title: 'Robustness Sweep: corruption severities (CE and mCE need all five)',
    });
    if (!levels || levels.length === 0) return undefined;
    severities = levels.map((l) => l.severity);
  }
  let oodFolder: string | null = null;
  if (keys.has('ood')) {
    const picked = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Use as OOD images' });
    if (!picked?.[0]) return undefined;
    oodFolder = picked[0].fsPath;
  }
  return { corruptions, severities, fgsmEpsilons: keys.has('fgsm') ? WHOLE_SET.fgsmEpsilons : [], occlusion: keys.has('occlusion'), oodFolder, limit: null };
}

/**
 * The sweep to plan: taken from `argument` when it names the models, else asked for. `classCounts` reports each chosen
 * model's number of classes (loading them), to offer AlexNet only for ImageNet models.
 */
export async function pickSweepTarget(
  argument: unknown, extensionPath: string, openedModels: readonly string[], classCounts: (modelPaths: string[]) => Promise<number[]>,
): Promise<SweepPick | undefined> {
  const given = givenTargetSchema.safeParse(argument);
  if (given.success) {
    const { modelPaths, data, clean, dataset, baseline, analyses } = given.data;
    return { modelPaths, data: data ?? sampleDataPath(extensionPath), clean: clean ?? null, dataset: dataset ?? null, baseline: baseline ?? null, analyses: analyses ?? WHOLE_SET };
  }
  const node = modelNodeSchema.safeParse(argument);
  const modelPaths = await pickModels(extensionPath, openedModels, node.success ? node.data.path : null, wording);
  if (!modelPaths) return undefined;
  const data = await pickSweepData(extensionPath);
  if (!data) return undefined;
  const counts = await classCounts(modelPaths);
  const baseline = await pickBaseline(modelPaths, counts.every((count) => count === IMAGENET_CLASSES));
  if (baseline === undefined) return undefined;
  const analyses = await pickAnalyses();
  return analyses ? { modelPaths, ...data, baseline, analyses } : undefined;
}
