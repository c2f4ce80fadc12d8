// Datasets that are plain files and folders: one image, a folder of images, or an ImageFolder tree.
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
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

/** Whether `path` is `folder` or lies inside it (both real paths). */
function isWithin(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * The walk of an ImageFolder tree by real path: every folder is read once, where it really lies. A folder reached
 * through a symlink is skipped, with the reason, when it leaves the dataset, lies in another class's folder (its
 * images keep that class) or was already read (a loop such as `up → ..`).
 */
class ClassFolderWalk {
  private readonly visited = new Set<string>();
  readonly items: ImageItem[] = [];

  constructor(private readonly root: string, private readonly rootReal: string, private readonly classReals: ReadonlyMap<string, string>, readonly skipped: SkippedFile[]) {
    this.visited.add(rootReal);
  }

  /** Adds every image under root/relativeDir (recursively, as torchvision's ImageFolder does) with `label`. */
  async collect(className: string, relativeDir: string, label: number): Promise<void> {
    const dir = join(this.root, relativeDir);
    const real = await realpath(dir);
    const refusal = this.refusal(className, real);
    if (refusal) {
      this.skipped.push({ path: dir, reason: refusal });
      return;
    }
    this.visited.add(real);
    const { files, folders } = await listDirectory(dir);
    for (const name of files) {
      const id = `${relativeDir}/${name}`;
      if (isImageFileName(name)) this.items.push({ id, path: join(dir, name), label, boxes: [], size: null });
      else this.skipped.push({ path: join(dir, name), reason: NOT_AN_IMAGE_REASON });
    }
    for (const name of folders) await this.collect(className, `${relativeDir}/${name}`, label);
  }

  /** Why the folder whose real path is `real` is not read as part of class `className`, or null when it is. */
  private refusal(className: string, real: string): string | null {
    if (!isWithin(real, this.rootReal)) return `a link to ${real}, outside the dataset folder; links that leave the dataset are not followed`;
    if (this.visited.has(real)) return `a link to ${real}, a folder already read (a symlink loop or a second path to it); read once`;
    for (const [other, otherReal] of this.classReals) {
      if (other !== className && isWithin(real, otherReal)) return `a link into class folder '${other}'; its images keep that class`;
    }
    return null;
  }
}

async function imageFolderTree(root: string, files: string[], folders: string[]): Promise<DataSourceInfo> {
  const skipped: SkippedFile[] = files.map((name) => ({ path: join(root, name), reason: 'a file beside the class folders, not inside one' }));
  const rootReal = await realpath(root);
  const classReals = new Map<string, string>();
  for (const name of folders) {
    const real = await realpath(join(root, name));
    if (isWithin(real, rootReal) && real !== rootReal) classReals.set(name, real);
    else skipped.push({ path: join(root, name), reason: `a link to ${real}, outside the dataset folder; links that leave the dataset are not followed, so it is no class` });
  }
  const classNames = [...classReals.keys()];
  const walk = new ClassFolderWalk(root, rootReal, classReals, skipped);
  for (const [label, className] of classNames.entries()) await walk.collect(className, className, label);
  const items = walk.items.sort((a, b) => compareIds(a.id, b.id));
  return { kind: 'imagefolder', root, items, classNames, skipped };
}
