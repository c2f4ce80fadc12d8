// Parsers for wsolevaluation metadata text files (definitions.md §4 "Box files"). Pure functions over
// the file text; every malformed line is reported with the file's path and its 1-based line number.
import type { Box } from '../../protocol/data';
import { UserFacingError } from '../errors';

export const WSOL_FILE_NAMES = {
  imageIds: 'image_ids.txt',
  classLabels: 'class_labels.txt',
  imageSizes: 'image_sizes.txt',
  localization: 'localization.txt',
  classNames: 'class_names.txt',
} as const;

export interface ListedImage { id: string; line: number }

interface MetadataLine { line: number; text: string; fields: string[] }

/** Non-blank lines with their numbers, split on commas, fields trimmed; CRLF endings accepted. */
function metadataLines(text: string): MetadataLine[] {
  const lines: MetadataLine[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed) lines.push({ line: index + 1, text: trimmed, fields: trimmed.split(',').map((f) => f.trim()) });
  });
  return lines;
}

function malformed(file: string, entry: MetadataLine, problem: string, format: string): UserFacingError {
  const shown = entry.text.length > 80 ? `${entry.text.slice(0, 77)}...` : entry.text;
  return new UserFacingError(`${file}, line ${entry.line}: ${problem} in "${shown}". Each line must be "${format}".`, 'bad-input');
}

function expectFields(file: string, entry: MetadataLine, count: number, format: string): void {
  if (entry.fields.length !== count) throw malformed(file, entry, `expected ${count} comma-separated fields, found ${entry.fields.length}`, format);
  if (!entry.fields[0]) throw malformed(file, entry, 'the image id is empty', format);
}

function wholeNumber(file: string, entry: MetadataLine, index: number, name: string, format: string): number {
  const field = entry.fields[index];
  if (!/^\d+$/.test(field)) throw malformed(file, entry, `${name} "${field}" is not a whole number`, format);
  return Number(field);
}

function coordinate(file: string, entry: MetadataLine, index: number, name: string, format: string): number {
  const field = entry.fields[index];
  if (!/^\d+(\.\d+)?$/.test(field)) throw malformed(file, entry, `${name} "${field}" is not a non-negative number`, format);
  return Number(field);
}

function rejectDuplicate(file: string, seen: Map<string, number>, id: string, entry: MetadataLine, format: string): void {
  const earlier = seen.get(id);
  if (earlier !== undefined) throw malformed(file, entry, `"${id}" already appears on line ${earlier}`, format);
  seen.set(id, entry.line);
}

/** image_ids.txt: one image path per line, relative to the dataset folder. */
export function parseImageIds(text: string, file: string): ListedImage[] {
  const format = 'image_id';
  const seen = new Map<string, number>();
  const listed = metadataLines(text).map((entry) => {
    rejectDuplicate(file, seen, entry.text, entry, format);
    return { id: entry.text, line: entry.line };
  });
  if (listed.length === 0) throw new UserFacingError(`${file} lists no images.`, 'bad-input');
  return listed;
}

/** class_labels.txt: `image_id,label`, label a whole number below the class count when names are known. */
export function parseClassLabels(text: string, file: string, classCount: number | null): Map<string, number> {
  const format = 'image_id,label';
  const labels = new Map<string, number>();
  const seen = new Map<string, number>();
  for (const entry of metadataLines(text)) {
    expectFields(file, entry, 2, format);
    rejectDuplicate(file, seen, entry.fields[0], entry, format);
    const label = wholeNumber(file, entry, 1, 'label', format);
    if (classCount !== null && label >= classCount) {
      throw malformed(file, entry, `label ${label} is out of range: class_names.txt names ${classCount} classes (0 to ${classCount - 1})`, format);
    }
    labels.set(entry.fields[0], label);
  }
  return labels;
}

/** image_sizes.txt: `image_id,width,height` in pixels. */
export function parseImageSizes(text: string, file: string): Map<string, [number, number]> {
  const format = 'image_id,width,height';
  const sizes = new Map<string, [number, number]>();
  const seen = new Map<string, number>();
  for (const entry of metadataLines(text)) {
    expectFields(file, entry, 3, format);
    rejectDuplicate(file, seen, entry.fields[0], entry, format);
    const width = wholeNumber(file, entry, 1, 'width', format);
    const height = wholeNumber(file, entry, 2, 'height', format);
    if (width === 0 || height === 0) throw malformed(file, entry, 'width and height must be at least 1', format);
    sizes.set(entry.fields[0], [width, height]);
  }
  return sizes;
}

/** localization.txt: `image_id,x0,y0,x1,y1`, inclusive corners; one line per box, several lines for several boxes. */
/** A box and the line of the metadata file it was read from. */
export interface LocatedBox { box: Box; line: number }

export function parseLocalization(text: string, file: string): Map<string, LocatedBox[]> {
  const format = 'image_id,x0,y0,x1,y1';
  const boxes = new Map<string, LocatedBox[]>();
  for (const entry of metadataLines(text)) {
    expectFields(file, entry, 5, format);
    const [x0, y0, x1, y1] = (['x0', 'y0', 'x1', 'y1'] as const).map((name, i) => coordinate(file, entry, i + 1, name, format));
    if (x1 < x0) throw malformed(file, entry, `x1 (${x1}) is less than x0 (${x0})`, format);
    if (y1 < y0) throw malformed(file, entry, `y1 (${y1}) is less than y0 (${y0})`, format);
    const id = entry.fields[0];
    const list = boxes.get(id) ?? [];
    list.push({ box: { x0, y0, x1, y1 }, line: entry.line });
    boxes.set(id, list);
  }
  return boxes;
}

/** class_names.txt: one class name per line, line order = label index; blank lines are errors here. */
export function parseClassNames(text: string, file: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  const names = lines.map((line, index) => {
    const name = line.trim();
    if (!name) throw new UserFacingError(`${file}, line ${index + 1}: the class name is empty. Each line must name one class, in label order.`, 'bad-input');
    return name;
  });
  if (names.length === 0) throw new UserFacingError(`${file} names no classes.`, 'bad-input');
  return names;
}
