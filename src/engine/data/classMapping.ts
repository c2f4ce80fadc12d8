// Dataset labels in a model's class indices. An ImageFolder's labels are its sorted folder indices; here each folder is
// matched to the model's class of the same name, so a subset of the classes, or folders in another order, score right.
import type { DataSourceInfo } from '../../protocol/data';
import { GENERATED_LABELS_SOURCE, type LabelSet } from '../../protocol/model';
import { UserFacingError } from '../errors';
import { openDataSource } from './source';

/** Class names listed in full in a message; longer lists are cut after this many. */
const LISTED_CLASS_NAMES = 20;

export interface AlignedDataSource {
  /** The dataset with every label an index into the model's classes. */
  source: DataSourceInfo;
  warnings: string[];
}

/** Opens the dataset at `path` with its labels in the model's class indices (see alignToModelClasses). */
export async function openDataSourceFor(path: string, labels: LabelSet): Promise<AlignedDataSource> {
  return alignToModelClasses(await openDataSource(path), labels);
}

/**
 * An ImageFolder's folders matched to the model's classes by name; by sorted order, with a warning, only when the model
 * has no class names. A wsolevaluation dataset's and a CIFAR binary batch's labels are class indices already: kept, with
 * a warning where their class names disagree with the model's. Unlabelled datasets pass unchanged.
 */
export function alignToModelClasses(source: DataSourceInfo, labels: LabelSet): AlignedDataSource {
  if (source.kind === 'wsol' || source.kind === 'cifar-binary') return { source, warnings: indexedNamesMismatch(source.classNames, labels.names) };
  // A corruption tree's labels are its class folders', as an ImageFolder's are.
  if ((source.kind !== 'imagefolder' && source.kind !== 'corruption-tree') || source.classNames === null) return { source, warnings: [] };
  const { classOfFolder, warnings } = labels.source === GENERATED_LABELS_SOURCE
    ? { classOfFolder: foldersInOrder(source, labels.names.length), warnings: [sortedOrderWarning(source.classNames)] }
    : { classOfFolder: foldersByName(source, labels.names), warnings: [] };
  const items = source.items.map((item) => (item.label === null ? item : { ...item, label: classOfFolder[item.label] }));
  return { source: { ...source, items }, warnings };
}

/** Folder i is class i: the model has no names to match. */
function foldersInOrder(source: DataSourceInfo, classCount: number): number[] {
  const folders = source.classNames ?? [];
  if (folders.length > classCount) {
    throw new UserFacingError(
      `${source.root} has ${folders.length} class folders but the model has only ${classCount} outputs and no class names to match them to. ` +
      'Give the model a labels.txt (or --labels) naming its classes.', 'bad-input');
  }
  return folders.map((_, i) => i);
}

function sortedOrderWarning(folders: readonly string[]): string {
  const shown = folders.slice(0, 3).map((name, i) => `${name} → class ${i}`).join(', ');
  return `The model has no class names, so the class folders are matched by sorted order (${shown}${folders.length > 3 ? ', …' : ''}). ` +
    'Give the model a labels.txt (or --labels) to match folders by name.';
}

/** Each folder's class index in `classNames`; a folder that names no class is an error listing the classes. */
function foldersByName(source: DataSourceInfo, classNames: readonly string[]): number[] {
  const folders = source.classNames ?? [];
  const matches = folders.map((folder) => classIndexOfName(folder, classNames));
  const unknown = folders.filter((_, i) => matches[i] === null);
  if (unknown.length > 0) {
    throw new UserFacingError(
      `${unknown.length === 1 ? 'The class folder' : 'The class folders'} ${unknown.map((name) => `'${name}'`).join(', ')} in ${source.root} ` +
      `${unknown.length === 1 ? 'names' : 'name'} no class of the model. Its ${classNames.length} classes: ${listedNames(classNames)}. ` +
      'Rename the folders to class names, or give the model the labels its training used (--labels).', 'bad-input');
  }
  return matches.filter((index): index is number => index !== null);
}

/** The class a folder names: the exact name, else the one name equal up to letter case and '_', '-', ' ' (an error if several are). */
function classIndexOfName(folder: string, classNames: readonly string[]): number | null {
  const exact = classNames.indexOf(folder);
  if (exact >= 0) return exact;
  const key = nameKey(folder);
  const loose = classNames.flatMap((name, index) => (nameKey(name) === key ? [index] : []));
  if (loose.length > 1) {
    throw new UserFacingError(`The class folder '${folder}' could be any of the model's classes ${loose.map((i) => `'${classNames[i]}'`).join(', ')}; rename it to one of them exactly.`, 'bad-input');
  }
  return loose[0] ?? null;
}

/** A name compared loosely: lower case, runs of '_', '-' and white space as one space. */
function nameKey(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, ' ').trim();
}

function listedNames(names: readonly string[]): string {
  const shown = names.slice(0, LISTED_CLASS_NAMES).join(', ');
  return names.length > LISTED_CLASS_NAMES ? `${shown}, … (${names.length - LISTED_CLASS_NAMES} more)` : shown;
}

/** Labels given as indices are compared by index, so names that differ from the model's make the accuracy meaningless. */
function indexedNamesMismatch(datasetNames: readonly string[] | null, modelNames: readonly string[]): string[] {
  if (!datasetNames) return [];
  if (datasetNames.length !== modelNames.length) {
    return [`The dataset names ${datasetNames.length} classes but the model has ${modelNames.length}; its labels are read as the model's class indices.`];
  }
  const differing = datasetNames.flatMap((name, i) => (name === modelNames[i] ? [] : [i]));
  if (differing.length === 0) return [];
  const [i] = differing;
  return [`${differing.length} dataset class name(s) differ from the model's (class ${i}: '${datasetNames[i]}' vs '${modelNames[i]}'); labels are read as the model's class indices.`];
}
