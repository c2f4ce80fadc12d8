// Joins the --save-predictions files of a sweep's shards into the file one unsharded run writes: the shards' batch rows in
// shard order, then the OOD folders' rows (an unsharded run scores each folder in turn after every batch, one input group at a time).
import { promises as fs } from 'node:fs';
import { extname } from 'node:path';
import { writeFileAtomic } from '../atomicWrite';
import { UserFacingError } from '../errors';
import { conditionKey } from './sweepConditions';

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

/**
 * Writes the merged prediction file to `out` from the shards' files in shard order; `groupOf` gives a model's input-group index,
 * `folderSets` the user OOD folders' set names in the order the run scores them.
 */
export async function mergePredictionFiles(files: readonly string[], out: string, groupOf: (modelId: string) => number, folderSets: readonly string[]): Promise<void> {
  const csv = extname(out).toLowerCase() === '.csv';
  const parsed = [];
  for (const file of files) {
    if (extname(file).toLowerCase() === '.csv' !== csv) throw new UserFacingError(`${file} and ${out} are not both CSV or both JSON Lines.`, 'bad-input');
    parsed.push(parseRows(await fs.readFile(file, 'utf8'), csv, file));
  }
  const headers = new Set(parsed.map((p) => p.header));
  if (headers.size > 1) throw new UserFacingError('The shards\' prediction files have different headers (different class counts?).', 'bad-input');
  const all = parsed.flatMap((p) => p.rows);
  const folderIndex = new Map(folderSets.map((set, i) => [conditionKey.ood(set), i]));
  const folderOf = (r: Row): number => folderIndex.get(r.condition) ?? -1;
  // Array.prototype.sort is stable, so within a folder and group the rows keep shard (dataset) order.
  const folder = all.filter((r) => folderOf(r) >= 0).sort((a, b) => folderOf(a) - folderOf(b) || groupOf(a.model) - groupOf(b.model));
  const lines = [...(csv && parsed[0]?.header ? [parsed[0].header] : []), ...all.filter((r) => folderOf(r) < 0).map((r) => r.line), ...folder.map((r) => r.line)];
  await writeFileAtomic(out, lines.length ? `${lines.join('\n')}\n` : '');
}
