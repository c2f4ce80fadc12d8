// A wsolevaluation-style dataset: <root>/metadata/{image_ids,class_labels,image_sizes,localization}.txt
// with image paths relative to <root>. Turns the metadata into items (boxes, or OpenImages-style masks: wsolMasks.ts)
// and checks every listed file exists.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DataSourceInfo, ImageItem, SkippedFile } from '../../protocol/data';
import { UserFacingError, errorMessage } from '../errors';
import { mapWithConcurrency } from './concurrency';
import { NOT_AN_IMAGE_REASON, compareIds, isImageFileName, listDirectory, statOrNull } from './imageFiles';
import { listsMasks, parseMaskLocalization } from './wsolMasks';
import { WSOL_FILE_NAMES, parseClassLabels, parseClassNames, parseImageIds, parseImageSizes, parseLocalization, type ListedImage } from './wsolMetadata';

const METADATA_FOLDER = 'metadata';
/** File existence checks in flight at once; stat calls are cheap but a dataset can list 50 000 files. */
const STAT_CONCURRENCY = 32;

/**
 * The metadata folder when `dir` is a wsol dataset folder (it holds metadata/image_ids.txt) or is the
 * metadata folder itself (it holds image_ids.txt); null when `dir` is neither.
 */
export async function findWsolMetadataFolder(dir: string): Promise<string | null> {
  if ((await statOrNull(join(dir, WSOL_FILE_NAMES.imageIds)))?.isFile()) return dir;
  const metadataDir = join(dir, METADATA_FOLDER);
  if (!(await statOrNull(metadataDir))?.isDirectory()) return null;
  const { files } = await listDirectory(metadataDir);
  if (files.includes(WSOL_FILE_NAMES.imageIds)) return metadataDir;
  const wsolFiles = Object.values(WSOL_FILE_NAMES) as string[];
  if (files.some((name) => wsolFiles.includes(name))) {
    throw new UserFacingError(`${metadataDir} looks like wsolevaluation metadata but has no ${WSOL_FILE_NAMES.imageIds}; add it with one image path per line, relative to ${dir}.`, 'bad-input');
  }
  return null;
}

/** Opens the dataset described by `metadataDir`; image (and mask) paths are relative to `root`, by default its parent. */
export async function openWsolDataset(metadataDir: string, root = dirname(metadataDir)): Promise<DataSourceInfo> {
  const pathOf = (name: string): string => join(metadataDir, name);
  const idsText = await readTextOrNull(pathOf(WSOL_FILE_NAMES.imageIds));
  if (idsText === null) throw new UserFacingError(`${pathOf(WSOL_FILE_NAMES.imageIds)} does not exist.`, 'not-found');
  const [labelsText, sizesText, boxesText, namesText] = await Promise.all(
    [WSOL_FILE_NAMES.classLabels, WSOL_FILE_NAMES.imageSizes, WSOL_FILE_NAMES.localization, WSOL_FILE_NAMES.classNames].map((name) => readTextOrNull(pathOf(name))));

  const classNames = namesText === null ? null : parseClassNames(namesText, pathOf(WSOL_FILE_NAMES.classNames));
  const listed = parseImageIds(idsText, pathOf(WSOL_FILE_NAMES.imageIds));
  const labels = labelsText === null ? null : parseClassLabels(labelsText, pathOf(WSOL_FILE_NAMES.classLabels), classNames?.length ?? null);
  const sizes = sizesText === null ? null : parseImageSizes(sizesText, pathOf(WSOL_FILE_NAMES.imageSizes));
  const masksListed = boxesText !== null && listsMasks(boxesText);
  const boxes = boxesText === null || masksListed ? null : parseLocalization(boxesText, pathOf(WSOL_FILE_NAMES.localization));
  const masks = boxesText !== null && masksListed ? parseMaskLocalization(boxesText, pathOf(WSOL_FILE_NAMES.localization)) : null;

  const sorted = [...listed].sort((a, b) => compareIds(a.id, b.id));
  const checked = await mapWithConcurrency(sorted, STAT_CONCURRENCY, (entry) => checkListedFile(root, entry));
  const items: ImageItem[] = [];
  const skipped: SkippedFile[] = [];
  for (const result of checked) {
    if ('reason' in result) {
      skipped.push(result);
      continue;
    }
    const { id, path } = result;
    const located = boxes?.get(id) ?? [];
    const mask = masks?.get(id);
    items.push({
      id, path, label: labels?.get(id) ?? null, boxes: located.map((b) => b.box), boxLines: located.map((b) => b.line), size: sizes?.get(id) ?? null,
      ...(mask ? { masks: { paths: mask.masks.map((m) => join(root, m)), ignore: mask.ignore === null ? null : join(root, mask.ignore), lines: mask.lines } } : {}),
    });
  }
  return { kind: 'wsol', root, items, classNames, skipped };
}

async function checkListedFile(root: string, entry: ListedImage): Promise<{ id: string; path: string } | SkippedFile> {
  const path = join(root, entry.id);
  if (!isImageFileName(entry.id)) return { path, reason: NOT_AN_IMAGE_REASON };
  if (!(await statOrNull(path))?.isFile()) {
    return { path, reason: `listed in ${METADATA_FOLDER}/${WSOL_FILE_NAMES.imageIds} (line ${entry.line}) but the file does not exist` };
  }
  return { id: entry.id, path };
}

async function readTextOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new UserFacingError(`Cannot read ${path}: ${errorMessage(err)}`, 'bad-input');
  }
}
