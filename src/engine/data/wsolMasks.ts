// localization.txt of a wsolevaluation mask dataset (OpenImages30k, definitions.md §4 "PxAP"): `image_id,mask,ignore`
// per line, one line per object instance, the ignore mask named on an image's first line only (wsolevaluation's
// get_mask_paths). Paths are relative to the dataset folder.
import { UserFacingError } from '../errors';

/** The mask files of one image, relative to the dataset folder; `ignore` is null when the image has no ignore mask. */
export interface MaskPaths { masks: string[]; ignore: string | null; lines: number[] }

const FORMAT = 'image_id,mask_path,ignore_path';

/** Whether localization.txt lists masks (three fields per line) rather than boxes (five), judged by its first line. */
export function listsMasks(text: string): boolean {
  const first = text.split(/\r?\n/).find((line) => line.trim() !== '');
  return first !== undefined && first.split(',').length === 3;
}

function malformed(file: string, line: number, text: string, problem: string): UserFacingError {
  const shown = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  return new UserFacingError(`${file}, line ${line}: ${problem} in "${shown}". Each line must be "${FORMAT}" (the ignore path only on an image's first line).`, 'bad-input');
}

export function parseMaskLocalization(text: string, file: string): Map<string, MaskPaths> {
  const masks = new Map<string, MaskPaths>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const entry = raw.trim();
    if (!entry) return;
    const line = index + 1;
    const fields = entry.split(',').map((field) => field.trim());
    if (fields.length !== 3) throw malformed(file, line, entry, `expected 3 comma-separated fields, found ${fields.length}`);
    const [id, mask, ignore] = fields;
    if (!id) throw malformed(file, line, entry, 'the image id is empty');
    if (!mask) throw malformed(file, line, entry, 'the mask path is empty');
    const known = masks.get(id);
    if (!known) {
      masks.set(id, { masks: [mask], ignore: ignore || null, lines: [line] });
      return;
    }
    // wsolevaluation asserts this: one ignore mask per image, on its first line.
    if (ignore) throw malformed(file, line, entry, `"${id}" already has its ignore mask on line ${known.lines[0]}`);
    known.masks.push(mask);
    known.lines.push(line);
  });
  return masks;
}
