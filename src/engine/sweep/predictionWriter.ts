// The --save-predictions file: every model's softmax probabilities for every image under every condition, appended batch by
// batch (only batches that finished every condition), so that any number of the sweep can be recomputed from it.
// `.csv`: model,condition,image_id,label,p_0…p_{K-1}; otherwise JSON Lines: {"model","condition","image","label","probabilities"}.
// Rows go to a hidden temporary beside the file, renamed over it when the run returns (whole or cancelled, its batches then
// match the record) and removed when it fails, so no reader sees a half-written file and two runs never mix their rows.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { ImageItem } from '../../protocol/data';
import type { ConditionOutputs } from './conditionOutputs';

/** A CSV field, quoted when it holds a comma, quote or line break. */
function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `.<name>.<12 hex digits>.tmp` beside `path`: the name writeFileAtomic's temporaries have, unique to this run. */
function temporaryBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Removes `path` and the temporaries of writers for it (a worker killed mid-run leaves its own): for files only one run uses. */
export async function removePredictionFileAndTemporaries(path: string): Promise<void> {
  const prefix = `.${basename(path)}.`;
  const names = await fs.readdir(dirname(path)).catch(() => []);
  const temporaries = names.filter((name) => name.startsWith(prefix) && /^[0-9a-f]{12}\.tmp$/.test(name.slice(prefix.length)));
  await Promise.all([path, ...temporaries.map((name) => join(dirname(path), name))].map((file) => fs.rm(file, { force: true })));
}

export class PredictionWriter {
  private constructor(readonly path: string, readonly temporary: string, private readonly handle: FileHandle, private readonly csv: boolean) {}

  /** Starts the run's temporary file; a CSV gets its header for `classCount` classes. `path` is untouched until commit. */
  static async create(path: string, classCount: number): Promise<PredictionWriter> {
    const csv = extname(path).toLowerCase() === '.csv';
    await fs.mkdir(dirname(path), { recursive: true });
    const temporary = temporaryBeside(path);
    const handle = await fs.open(temporary, 'wx');
    const writer = new PredictionWriter(path, temporary, handle, csv);
    if (csv) {
      const header = ['model', 'condition', 'image_id', 'label', ...Array.from({ length: classCount }, (_, k) => `p_${k}`)].join(',');
      await handle.writeFile(`${header}\n`).catch(async (err: unknown) => { await writer.discard(); throw err; });
    }
    return writer;
  }

  /** Appends one model's rows for one condition of a batch; `items` are the batch's images (or OOD images, label null). */
  async append(rows: Array<{ modelId: string; condition: string; items: readonly ImageItem[]; outputs: ConditionOutputs }>): Promise<void> {
    const lines: string[] = [];
    for (const { modelId, condition, items, outputs } of rows) {
      const k = outputs.classCount;
      items.forEach((item, i) => {
        const probabilities = Array.from(outputs.probabilities.subarray(i * k, (i + 1) * k));
        lines.push(this.csv
          ? [csvField(modelId), csvField(condition), csvField(item.id), item.label ?? '', ...probabilities.map((p) => String(p))].join(',')
          : JSON.stringify({ model: modelId, condition, image: item.id, label: item.label, probabilities }));
      });
    }
    if (lines.length) await this.handle.appendFile(`${lines.join('\n')}\n`);
  }

  /** Flushes the rows to disk and renames the temporary over `path`, replacing whatever was there in one step. */
  async commit(): Promise<void> {
    try {
      await this.handle.sync();
    } finally {
      await this.handle.close();
    }
    await fs.rename(this.temporary, this.path).catch(async (err: unknown) => {
      await fs.rm(this.temporary, { force: true });
      throw err;
    });
  }

  /** Closes and removes the temporary, leaving `path` as it was before the run. */
  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await fs.rm(this.temporary, { force: true });
  }

  /** Runs `body` with a writer for `path` (null for none): the file appears when `body` returns, and nothing remains when it throws. */
  static async during<T>(path: string | null, classCount: number, body: (writer: PredictionWriter | null) => Promise<T>): Promise<T> {
    const writer = path ? await PredictionWriter.create(path, classCount) : null;
    let result: T;
    try {
      result = await body(writer);
    } catch (err) {
      await writer?.discard();
      throw err;
    }
    await writer?.commit();
    return result;
  }
}
