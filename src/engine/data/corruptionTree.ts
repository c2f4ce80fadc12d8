// ImageNet-C-style trees of corrupted image files: <root>/<corruption>/<severity>/<image path>, as ImageNet-C and
// Tiny-ImageNet-C are released (<class dir>/<image>.JPEG below each severity) and as corrupt-dataset writes them
// (<image id without extension>.png, .jpg for jpeg_compression; class dirs when the source had them).
// A folder is such a tree when at least one subfolder is named for a known corruption and holds only severity folders 1–5.
import { join } from 'node:path';
import type { DataSourceInfo, ImageItem, SkippedFile } from '../../protocol/data';
// The names come from types.ts, not the registry, so that listing a dataset does not load the corruption kernels (and tfjs).
import { CORRUPTION_NAMES, SEVERITIES, type CorruptionName, type Severity } from '../corruptions/types';
import { UserFacingError } from '../errors';
import { openImageDirectory } from './folderSources';
import { compareIds, isImageFileName, listDirectory } from './imageFiles';

export interface TreeCorruption {
  corruption: CorruptionName;
  dir: string;
  /** The severity folders present, ascending. */
  severities: Severity[];
}

export interface CorruptionTree {
  root: string;
  /** In the benchmark's order. */
  corruptions: TreeCorruption[];
  skipped: SkippedFile[];
}

const KNOWN: ReadonlySet<string> = new Set(CORRUPTION_NAMES);
const SEVERITY_NAMES: ReadonlySet<string> = new Set(SEVERITIES.map(String));

/** The severity folders of a corruption folder, or null when it holds anything else (then it is no corruption folder). */
async function severityFolders(dir: string): Promise<Severity[] | null> {
  const { files, folders } = await listDirectory(dir);
  if (files.length > 0 || folders.length === 0 || folders.some((f) => !SEVERITY_NAMES.has(f))) return null;
  return folders.map(Number).sort((a, b) => a - b) as Severity[];
}

/** Opens `dir` as a corruption tree, or returns null when its layout is not one (an ImageFolder whose class is 'snow' has images, not severity folders). */
export async function openCorruptionTree(dir: string): Promise<CorruptionTree | null> {
  const { files, folders } = await listDirectory(dir);
  if (files.some(isImageFileName)) return null;
  const found = new Map<string, TreeCorruption>();
  const skipped: SkippedFile[] = files.map((name) => ({ path: join(dir, name), reason: 'a file beside the corruption folders' }));
  for (const name of folders) {
    const severities = KNOWN.has(name) ? await severityFolders(join(dir, name)) : null;
    if (severities) found.set(name, { corruption: name as CorruptionName, dir: join(dir, name), severities });
    else skipped.push({ path: join(dir, name), reason: KNOWN.has(name) ? 'a corruption folder that holds something besides severity folders 1–5' : 'a folder named for no known corruption' });
  }
  if (found.size === 0) return null;
  const corruptions = CORRUPTION_NAMES.flatMap((name) => found.get(name) ?? []);
  return { root: dir, corruptions, skipped };
}

/** Every image of every corruption and severity as one dataset (for predict): ids <corruption>/<severity>/<path>, labels from class folders. */
export async function corruptionTreeSource(tree: CorruptionTree): Promise<DataSourceInfo> {
  const parts: Array<{ prefix: string; source: DataSourceInfo }> = [];
  for (const { corruption, dir, severities } of tree.corruptions) {
    for (const severity of severities) parts.push({ prefix: `${corruption}/${severity}/`, source: await openImageDirectory(join(dir, String(severity))) });
  }
  const labelled = parts.some((p) => p.source.kind === 'imagefolder');
  if (labelled && parts.some((p) => p.source.kind !== 'imagefolder')) {
    const flat = parts.find((p) => p.source.kind !== 'imagefolder');
    throw new UserFacingError(`${flat?.source.root} holds images directly while other severity folders of ${tree.root} hold class folders; a tree uses one layout throughout.`, 'bad-input');
  }
  const classNames = labelled ? [...new Set(parts.flatMap((p) => p.source.classNames ?? []))].sort(compareIds) : null;
  const items: ImageItem[] = parts.flatMap(({ prefix, source }) => source.items.map((item) => ({
    ...item, id: prefix + item.id, label: item.label === null || !classNames ? null : classNames.indexOf((source.classNames ?? [])[item.label]),
  })));
  return { kind: 'corruption-tree', root: tree.root, items: items.sort((a, b) => compareIds(a.id, b.id)), classNames, skipped: [...tree.skipped, ...parts.flatMap((p) => p.source.skipped)] };
}
