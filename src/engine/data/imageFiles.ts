// Which files count as images, how dataset ids are ordered, and directory listings that resolve symlinks.
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

/** Extensions the data readers accept, lower case. The decoder also checks the content is one of these formats. */
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp'] as const;

export const NOT_AN_IMAGE_REASON = `not an image (only ${IMAGE_EXTENSIONS.join(', ')} files are read)`;

export function isImageFileName(name: string): boolean {
  return (IMAGE_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase());
}

/** Orders ids by UTF-16 code units, as Python's sorted() and os.listdir-based tools order them (not by locale). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface DirectoryListing {
  /** Names of plain files (symlinks followed), sorted. */
  files: string[];
  /** Names of folders (symlinks followed), sorted. */
  folders: string[];
}

/** Lists a directory's visible entries; names starting with '.' (e.g. .DS_Store, .git) are left out. */
export async function listDirectory(dir: string): Promise<DirectoryListing> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  const folders: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const kind = await entryKind(dir, entry);
    if (kind === 'file') files.push(entry.name);
    else if (kind === 'folder') folders.push(entry.name);
  }
  return { files: files.sort(compareIds), folders: folders.sort(compareIds) };
}

async function entryKind(dir: string, entry: Dirent): Promise<'file' | 'folder' | 'other'> {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'folder';
  if (!entry.isSymbolicLink()) return 'other';
  const target = await statOrNull(join(dir, entry.name));
  return target?.isFile() ? 'file' : target?.isDirectory() ? 'folder' : 'other';
}

export async function statOrNull(path: string): Promise<Awaited<ReturnType<typeof stat>> | null> {
  try {
    return await stat(path);
  } catch {
    return null;
  }
}
