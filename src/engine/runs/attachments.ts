// Images beside records (DESIGN.md "One run, one record"): an unsaved record holds its images as data: URIs (the inline
// form the CLI's reports embed); saved, each image is a file under the run's folder, named by its bytes' hash, and the
// record holds that file's path relative to the folder, listed in `record.attachments`. Predict and cam runs write theirs
// as they go (imageSink.ts); the others' few images are written when the record is saved.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../../protocol/records';
import { UserFacingError } from '../errors';

export const IMAGES_FOLDER = 'images';

/**
 * Analyses whose saved records keep their images as files. Sweep shards keep theirs inline: `merge` joins their galleries
 * into one record saved in a folder of its own.
 */
export const ANALYSES_WITH_IMAGE_FILES: ReadonlySet<string> = new Set(['cam', 'predict', 'mix', 'sweep']);

const DATA_URI = /^data:image\/(png|jpeg);base64,([A-Za-z0-9+/=]+)$/;
const EXTENSION_TYPES: Readonly<Record<string, string>> = { png: 'image/png', jpg: 'image/jpeg' };
/** The only attachment paths a record may name: images/<hex>.png|jpg, nothing else (no `..`, no absolute path). */
const ATTACHMENT_PATH = /^images\/[0-9a-f]{16,64}\.(png|jpg)$/;

/** `value` with every string `replace` maps to a new string replaced; arrays and plain objects copied, the rest kept. */
function mapStrings(value: unknown, replace: (text: string) => string | null): unknown {
  if (typeof value === 'string') return replace(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, replace));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, replace)]));
  }
  return value;
}

export type ImageEncoding = 'png' | 'jpeg';

/** The image as a data: URI, the inline form. */
export function imageDataUri(bytes: Buffer, encoding: ImageEncoding): string {
  return `data:image/${encoding};base64,${bytes.toString('base64')}`;
}

/** The path of an image's file in its run's folder: images/<the first 32 hex digits of its bytes' SHA-256>.png|jpg. */
export function attachmentFileOf(bytes: Buffer, encoding: ImageEncoding): string {
  return `${IMAGES_FOLDER}/${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}.${encoding === 'png' ? 'png' : 'jpg'}`;
}

export function isAttachmentPath(candidate: string): boolean {
  return ATTACHMENT_PATH.test(candidate);
}

/** The record to save, its data: URIs replaced by the paths of their files, and those files' bytes by path (identical images share one file). */
export function withImageFiles<R>(record: RunRecord<R>): { record: RunRecord<R>; files: Map<string, Buffer> } {
  const files = new Map<string, Buffer>();
  const results = mapStrings(record.results, (text) => {
    const match = DATA_URI.exec(text);
    if (!match) return null;
    const bytes = Buffer.from(match[2], 'base64');
    const file = attachmentFileOf(bytes, match[1] === 'png' ? 'png' : 'jpeg');
    files.set(file, bytes);
    return file;
  }) as R;
  return { record: { ...record, results, attachments: [...new Set([...record.attachments, ...files.keys()])] }, files };
}

/**
 * The record with every attachment path in its results read back into a data: URI (for reports that embed the images).
 * `files` is the run's folder, or what locates each attachment (null: refused, a UserFacingError); a missing file is one too.
 */
export async function withImagesInline<R>(record: RunRecord<R>, files: string | ((relative: string) => string | null)): Promise<RunRecord<R>> {
  const locate = typeof files === 'string' ? (relative: string) => path.join(files, relative) : files;
  const uris = new Map<string, string>();
  for (const file of new Set(record.attachments)) {
    if (!isAttachmentPath(file)) continue;
    const type = EXTENSION_TYPES[path.extname(file).slice(1)];
    const located = locate(file);
    if (located === null) throw new UserFacingError(`The image ${file} of run ${record.id} lies outside its run folder.`);
    const bytes = await fs.readFile(located).catch((err: unknown) => {
      throw new UserFacingError(`The image ${file} of run ${record.id} could not be read: ${err instanceof Error ? err.message : String(err)}`);
    });
    uris.set(file, `data:${type};base64,${bytes.toString('base64')}`);
  }
  return { ...record, results: mapStrings(record.results, (text) => uris.get(text) ?? null) as R, attachments: [] };
}

/** The record with every attachment path in its results mapped by `locate` (to a webview URI, say); a path it refuses (null) becomes an empty string. */
export function withAttachmentsMapped<R>(record: RunRecord<R>, locate: (file: string) => string | null): RunRecord<R> {
  const listed = new Set(record.attachments.filter(isAttachmentPath));
  return { ...record, results: mapStrings(record.results, (text) => (listed.has(text) ? locate(text) ?? '' : null)) as R };
}
