// The --save-predictions file: every model's softmax probabilities for every image under every condition, appended batch by
// batch (only batches that finished every condition), so that any number of the sweep can be recomputed from it.
// `.csv`: model,condition,image_id,label,p_0…p_{K-1}; otherwise JSON Lines: {"model","condition","image","label","probabilities"}.
import { promises as fs } from 'node:fs';
import { dirname, extname } from 'node:path';
import type { ImageItem } from '../../protocol/data';
import type { ConditionOutputs } from './conditionOutputs';

/** A CSV field, quoted when it holds a comma, quote or line break. */
function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export class PredictionWriter {
  private constructor(readonly path: string, private readonly csv: boolean) {}

  /** Creates (or empties) the file; a CSV gets its header for `classCount` classes. */
  static async create(path: string, classCount: number): Promise<PredictionWriter> {
    const csv = extname(path).toLowerCase() === '.csv';
    await fs.mkdir(dirname(path), { recursive: true });
    const header = csv ? `${['model', 'condition', 'image_id', 'label', ...Array.from({ length: classCount }, (_, k) => `p_${k}`)].join(',')}\n` : '';
    await fs.writeFile(path, header);
    return new PredictionWriter(path, csv);
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
    if (lines.length) await fs.appendFile(this.path, `${lines.join('\n')}\n`);
  }
}
