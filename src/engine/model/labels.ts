// Class names for a model: labels.txt / labels.json (beside the model or given), ImageFolder class names, or generated ones.
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { z } from 'zod';
import { GENERATED_LABELS_SOURCE, type LabelSet } from '../../protocol/model';
import { UserFacingError, errorMessage } from '../errors';

export interface LabelOptions {
  /** An explicit labels.txt or labels.json. */
  labelsPath?: string;
  /** Class names from an ImageFolder dataset (sorted folder names). */
  classNames?: string[];
  /** The ImageFolder root the class names came from, for the label source. */
  imageFolderDir?: string;
}

const labelsJsonSchema = z.union([
  z.array(z.string()),
  z.record(z.string().regex(/^\d+$/, 'keys must be class indices (0, 1, 2, …)'), z.string()),
]);

function generatedName(index: number): string {
  return `class ${index}`;
}

/** Names from a labels.json holding a list, or an index → name map (gaps are filled with generated names). */
function parseLabelsJson(text: string, path: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UserFacingError(`${path} is not valid JSON (${errorMessage(err)}).`);
  }
  const result = labelsJsonSchema.safeParse(parsed);
  if (!result.success) {
    throw new UserFacingError(`${path} must be a JSON list of class names or an object mapping class indices to names (e.g. {"0": "cat", "1": "dog"}).`);
  }
  if (Array.isArray(result.data)) return result.data;
  const entries = Object.entries(result.data).map(([k, v]) => [Number(k), v] as const);
  const size = Math.max(-1, ...entries.map(([i]) => i)) + 1;
  const names = Array.from({ length: size }, (_, i) => generatedName(i));
  for (const [index, name] of entries) names[index] = name;
  return names;
}

/** Names from a labels.txt: one per line, trailing blank lines ignored. */
function parseLabelsText(text: string): string[] {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

async function readLabelsFile(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch((err: unknown) => {
    throw new UserFacingError(`Cannot read the labels file ${path}: ${errorMessage(err)}`, 'not-found');
  });
  return extname(path).toLowerCase() === '.json' ? parseLabelsJson(text, path) : parseLabelsText(text);
}

/** labels.txt or labels.json in the model's folder (inside it for a SavedModel folder), if present. */
async function labelsBesideModel(modelPath: string): Promise<string | null> {
  const folder = (await stat(modelPath).then((s) => s.isDirectory(), () => false)) ? modelPath : dirname(modelPath);
  for (const name of ['labels.txt', 'labels.json']) {
    const candidate = join(folder, name);
    if (await stat(candidate).then((s) => s.isFile(), () => false)) return candidate;
  }
  return null;
}

/** Pads or truncates `names` to `numClasses`, with a warning saying which. */
function fitToClasses(names: string[], numClasses: number, source: string): LabelSet {
  const warnings: string[] = [];
  const where = source.startsWith('imagefolder') ? 'The image folder' : basename(source);
  if (names.length < numClasses) {
    warnings.push(`${where} ${source.startsWith('imagefolder') ? 'has' : 'lists'} ${names.length} class names but the model has ${numClasses} outputs; classes ${names.length}–${numClasses - 1} are named 'class ${names.length}'… (padded).`);
  } else if (names.length > numClasses) {
    warnings.push(`${where} ${source.startsWith('imagefolder') ? 'has' : 'lists'} ${names.length} class names but the model has ${numClasses} outputs; the last ${names.length - numClasses} names are ignored (truncated).`);
  }
  const fitted = Array.from({ length: numClasses }, (_, i) => names[i] ?? generatedName(i));
  return { names: fitted, source, warnings };
}

/** The class names for a model at `modelPath` with `numClasses` outputs. */
export async function loadLabels(modelPath: string, numClasses: number, options: LabelOptions = {}): Promise<LabelSet> {
  const file = options.labelsPath ?? (await labelsBesideModel(modelPath));
  if (file) return fitToClasses(await readLabelsFile(file), numClasses, file);
  if (options.classNames && options.classNames.length > 0) {
    return fitToClasses(options.classNames, numClasses, options.imageFolderDir ? `imagefolder:${options.imageFolderDir}` : 'imagefolder');
  }
  return { names: Array.from({ length: numClasses }, (_, i) => generatedName(i)), source: GENERATED_LABELS_SOURCE, warnings: [] };
}
