// Datasets that are plain files and folders: one image, a folder of images, or an ImageFolder tree.
import { basename, dirname, join } from 'node:path';
import type { DataSourceInfo, ImageItem, SkippedFile } from '../../protocol/data';
import { UserFacingError } from '../errors';
import { IMAGE_EXTENSIONS, NOT_AN_IMAGE_REASON, compareIds, isImageFileName, listDirectory } from './imageFiles';

export function singleImageSource(path: string): DataSourceInfo {
  if (!isImageFileName(path)) {
    throw new UserFacingError(`${path} is not an image this extension reads (${IMAGE_EXTENSIONS.join(', ')}), nor a folder.`, 'unsupported');
  }
  const item: ImageItem = { id: basename(path), path, label: null, boxes: [], size: null };
  return { kind: 'image', root: dirname(path), items: [item], classNames: null, skipped: [] };
}

/**
 * A folder with images directly inside is a plain folder (its subfolders are skipped). A folder with no
 * images but with subfolders is an ImageFolder tree: each subfolder is a class, read recursively.
 */
export async function openImageDirectory(dir: string): Promise<DataSourceInfo> {
  const { files, folders } = await listDirectory(dir);
  if (files.some(isImageFileName)) return flatFolder(dir, files, folders);
  if (folders.length > 0) {
    const source = await imageFolderTree(dir, files, folders);
    if (source.items.length > 0) return source;
  }
  throw new UserFacingError(
    `No images found in ${dir}. Open an image file (${IMAGE_EXTENSIONS.join(', ')}), a folder of images, a folder of class folders (ImageFolder), ` +
    'or a wsolevaluation dataset (a folder holding metadata/image_ids.txt).', 'bad-input');
}

function flatFolder(dir: string, files: string[], folders: string[]): DataSourceInfo {
  const items: ImageItem[] = [];
  const skipped: SkippedFile[] = [];
  for (const name of files) {
    if (isImageFileName(name)) items.push({ id: name, path: join(dir, name), label: null, boxes: [], size: null });
    else skipped.push({ path: join(dir, name), reason: NOT_AN_IMAGE_REASON });
  }
  for (const name of folders) {
    skipped.push({ path: join(dir, name), reason: 'a folder inside a folder of images; subfolders are not read unless every image sits in a class folder' });
  }
  return { kind: 'folder', root: dir, items, classNames: null, skipped };
}

async function imageFolderTree(root: string, files: string[], classNames: string[]): Promise<DataSourceInfo> {
  const items: ImageItem[] = [];
  const skipped: SkippedFile[] = files.map((name) => ({ path: join(root, name), reason: 'a file beside the class folders, not inside one' }));
  for (const [label, className] of classNames.entries()) {
    await collectClassImages(root, className, label, items, skipped);
  }
  items.sort((a, b) => compareIds(a.id, b.id));
  return { kind: 'imagefolder', root, items, classNames, skipped };
}

/** Adds every image under root/relativeDir (recursively, as torchvision's ImageFolder does) with `label`. */
async function collectClassImages(root: string, relativeDir: string, label: number, items: ImageItem[], skipped: SkippedFile[]): Promise<void> {
  const { files, folders } = await listDirectory(join(root, relativeDir));
  for (const name of files) {
    const id = `${relativeDir}/${name}`;
    if (isImageFileName(name)) items.push({ id, path: join(root, relativeDir, name), label, boxes: [], size: null });
    else skipped.push({ path: join(root, relativeDir, name), reason: NOT_AN_IMAGE_REASON });
  }
  for (const name of folders) await collectClassImages(root, `${relativeDir}/${name}`, label, items, skipped);
}
