// Writes the sample evaluation set in the wsolevaluation layout (definitions.md §4, box files):
// images/<id>.png and metadata/{image_ids,class_labels,image_sizes,localization,class_names}.txt.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { SeededRandom } from '../../src/engine/random';
import { sampleImageSize } from './makeSampleImage';
import { classNames, makeEvaluationSet } from './sampleSets';

export const evaluationPerClass = 25;

/** Image ids as wsolevaluation writes them: 'images/0001.png'. */
function imageId(index: number): string {
  return `images/${String(index + 1).padStart(4, '0')}.png`;
}

/** Regenerates `dataDir` from scratch with the seeded evaluation set; returns the number of images. */
export async function writeSampleDataset(dataDir: string, seed: number): Promise<number> {
  const images = makeEvaluationSet(SeededRandom.fromSeed(seed).fork('evaluation-images'), evaluationPerClass);
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(join(dataDir, 'images'), { recursive: true });
  await mkdir(join(dataDir, 'metadata'), { recursive: true });
  const ids = images.map((_, i) => imageId(i));
  const size = sampleImageSize;
  for (let i = 0; i < images.length; i++) {
    const png = await sharp(Buffer.from(images[i].rgb), { raw: { width: size, height: size, channels: 3 } }).png({ compressionLevel: 9, adaptiveFiltering: true, effort: 10 }).toBuffer();
    await writeFile(join(dataDir, ids[i]), png);
  }
  const lines = (rows: string[]) => rows.join('\n') + '\n';
  await writeFile(join(dataDir, 'metadata/image_ids.txt'), lines(ids));
  await writeFile(join(dataDir, 'metadata/class_labels.txt'), lines(images.map((im, i) => `${ids[i]},${im.label}`)));
  await writeFile(join(dataDir, 'metadata/image_sizes.txt'), lines(ids.map((id) => `${id},${size},${size}`)));
  await writeFile(join(dataDir, 'metadata/localization.txt'), lines(images.map(({ box }, i) => `${ids[i]},${box.x0},${box.y0},${box.x1},${box.y1}`)));
  await writeFile(join(dataDir, 'metadata/class_names.txt'), lines(classNames));
  return images.length;
}

