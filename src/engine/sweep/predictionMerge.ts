// Joins the --save-predictions files of a sweep's shards into the file one unsharded run writes: the shards' batch rows in
// shard order, then the OOD folder's rows (an unsharded run scores the folder after every batch, one input group at a time).
import { promises as fs } from 'node:fs';
import { extname } from 'node:path';
import { writeFileAtomic } from '../atomicWrite';
import { UserFacingError } from '../errors';
import { OOD_FOLDER_SET, conditionKey } from './sweepConditions';

const FOLDER_CONDITION = conditionKey.ood(OOD_FOLDER_SET);

/** The first `count` fields of a CSV line (RFC 4180 quoting). */
export function leadingCsvFields(line: string, count: number): string[] {
  const fields: string[] = [];
  let i = 0;
  while (fields.length < count && i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') { value += '"'; i += 2; } else if (line[i] === '"') { i++; break; } else value += line[i++];
      }
      fields.push(value);
      i++;
    } else {
      const end = line.indexOf(',', i);
      fields.push(line.slice(i, end < 0 ? line.length : end));
      i = end < 0 ? line.length + 1 : end + 1;
    }
  }
  return fields;
}

interface Row { model: string; condition: string; line: string }

function parseRows(text: string, csv: boolean, file: string): { header: string | null; rows: Row[] } {
  const lines = text.split('\n').filter((l) => l !== '');
  const header = csv ? lines.shift() ?? null : null;
  const rows = lines.map((line) => {
    if (csv) {
      const [model, condition] = leadingCsvFields(line, 2);
      return { model, condition, line };
    }
    try {
      const { model, condition } = JSON.parse(line) as { model: string; condition: string };
      return { model, condition, line };
    } catch {
      throw new UserFacingError(`${file} is not a JSON Lines prediction file: cannot parse "${line.slice(0, 60)}".`, 'bad-input');
    }
  });
  return { header, rows };
}

/** Writes the merged prediction file to `out` from the shards' files in shard order; `groupOf` gives a model's input-group index. */
export async function mergePredictionFiles(files: readonly string[], out: string, groupOf: (modelId: string) => number): Promise<void> {
  const csv = extname(out).toLowerCase() === '.csv';
  const parsed = [];
  for (const file of files) {
    if (extname(file).toLowerCase() === '.csv' !== csv) throw new UserFacingError(`${file} and ${out} are not both CSV or both JSON Lines.`, 'bad-input');
    parsed.push(parseRows(await fs.readFile(file, 'utf8'), csv, file));
  }
  const headers = new Set(parsed.map((p) => p.header));
  if (headers.size > 1) throw new UserFacingError('The shards\' prediction files have different headers (different class counts?).', 'bad-input');
  const all = parsed.flatMap((p) => p.rows);
  // Array.prototype.sort is stable, so within a group the folder rows keep shard (dataset) order.
  const folder = all.filter((r) => r.condition === FOLDER_CONDITION).sort((a, b) => groupOf(a.model) - groupOf(b.model));
  const lines = [...(csv && parsed[0]?.header ? [parsed[0].header] : []), ...all.filter((r) => r.condition !== FOLDER_CONDITION).map((r) => r.line), ...folder.map((r) => r.line)];
  await writeFileAtomic(out, lines.length ? `${lines.join('\n')}\n` : '');
}
