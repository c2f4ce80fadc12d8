// Top-1 accuracy of a sample model on the evaluation set as written to disk (PNG decode, stretch, x/255).
import * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { sampleImageSize } from './makeSampleImage';

interface LabelledImage { id: string; label: number }

async function readClassLabels(dataDir: string): Promise<LabelledImage[]> {
  const text = await readFile(join(dataDir, 'metadata/class_labels.txt'), 'utf8');
  return text.trim().split('\n').map((line) => {
    const [id, label] = line.split(',');
    return { id, label: Number(label) };
  });
}

async function decodeUnitRgb(file: string): Promise<Float32Array> {
  const size = sampleImageSize;
  const raw = await sharp(file).removeAlpha().resize(size, size, { fit: 'fill' }).raw().toBuffer();
  return Float32Array.from(raw, (v) => v / 255);
}

/** Fraction of evaluation images whose arg-max prediction equals the label. */
export async function evaluateTop1(model: tf.LayersModel, dataDir: string, batchSize = 50): Promise<{ correct: number; total: number; accuracy: number }> {
  const items = await readClassLabels(dataDir);
  const size = sampleImageSize;
  let correct = 0;
  for (let start = 0; start < items.length; start += batchSize) {
    const batch = items.slice(start, start + batchSize);
    const pixels = new Float32Array(batch.length * size * size * 3);
    for (let i = 0; i < batch.length; i++) pixels.set(await decodeUnitRgb(join(dataDir, batch[i].id)), i * size * size * 3);
    const predicted = tf.tidy(() => (model.predict(tf.tensor4d(pixels, [batch.length, size, size, 3])) as tf.Tensor2D).argMax(1));
    const classes = await predicted.data();
    predicted.dispose();
    batch.forEach((item, i) => { if (classes[i] === item.label) correct++; });
  }
  return { correct, total: items.length, accuracy: correct / items.length };
}
