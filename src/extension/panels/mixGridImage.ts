// The mix-preview grid as one PNG, drawn in the host with sharp from the same run the panel shows: per pair both sources,
// the mixed image, the target's bars and each model's prediction bars, then each model's in-between statistics.
import sharp from 'sharp';
import type { MixMethod, MixResults } from '../../protocol/mix';
import type { ClassScore } from '../../protocol/predict';

const IMAGE = 96;
const GAP = 12;
const BARS_WIDTH = 180;
const BAR_ROWS = 3;
const ROW = IMAGE + GAP;
const HEADER = 56;
const STATISTICS_LINE = 20;
const INK = '#1f1f1f';
const MUTED = '#6b6b6b';
const TARGET_COLOR = '#8a8a8a';
const MODEL_COLORS = ['#3794ff', '#e0823d', '#4caf50', '#c94fd6'];

const methodNames: Record<MixMethod, string> = { mixup: 'Mixup', cutout: 'Cutout', cutmix: 'CutMix', puzzlemix: 'Puzzle Mix' };

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function text(x: number, y: number, content: string, options: { size?: number; color?: string; weight?: string } = {}): string {
  return `<text x="${x}" y="${y}" font-family="sans-serif" font-size="${options.size ?? 12}" font-weight="${options.weight ?? 'normal'}" fill="${options.color ?? INK}">${escapeXml(content)}</text>`;
}

function image(x: number, y: number, uri: string): string {
  return `<image x="${x}" y="${y}" width="${IMAGE}" height="${IMAGE}" preserveAspectRatio="none" image-rendering="pixelated" xlink:href="${escapeXml(uri)}"/>`;
}

function bars(x: number, y: number, scores: readonly ClassScore[], color: string): string {
  return scores.slice(0, BAR_ROWS).map((score, i) => {
    const top = y + 18 + i * 26;
    return [
      text(x, top, score.name, { size: 11 }),
      text(x + BARS_WIDTH - 44, top, `${(score.probability * 100).toFixed(1)}%`, { size: 11, color: MUTED }),
      `<rect x="${x}" y="${top + 4}" width="${BARS_WIDTH - 8}" height="8" fill="#e6e6e6"/>`,
      `<rect x="${x}" y="${top + 4}" width="${((BARS_WIDTH - 8) * score.probability).toFixed(1)}" height="8" fill="${color}"/>`,
    ].join('');
  }).join('');
}

const percentOrNa = (value: number | null): string => (value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`);

/** The grid as PNG bytes; `modelNames` label the prediction columns, in the run's model order. */
export async function renderMixGridPng(results: MixResults, modelNames: readonly string[]): Promise<Buffer> {
  const imageColumns = results.settings.method === 'cutout' ? 2 : 3;
  const barsLeft = GAP + imageColumns * (IMAGE + GAP);
  const width = barsLeft + (1 + modelNames.length) * (BARS_WIDTH + GAP);
  const gridBottom = HEADER + results.pairs.length * ROW;
  const height = gridBottom + GAP + (results.statistics.length + 1) * STATISTICS_LINE + GAP;
  const columnTitles = [...(imageColumns === 3 ? ['x1', 'x2'] : ['image']), 'mixed', 'target', ...modelNames];
  const columnLeft = (c: number): number => (c < imageColumns ? GAP + c * (IMAGE + GAP) : barsLeft + (c - imageColumns) * (BARS_WIDTH + GAP));
  const parts = [
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    text(GAP, 22, `${methodNames[results.settings.method]} preview · ${results.pairs.length} pairs · seed ${results.settings.seed}`, { size: 15, weight: 'bold' }),
    ...columnTitles.map((title, c) => text(columnLeft(c), HEADER - 10, title, { size: 12, weight: 'bold', color: MUTED })),
  ];
  results.pairs.forEach((pair, n) => {
    const top = HEADER + n * ROW;
    const sources = pair.second === null ? [pair.first.image] : [pair.first.image, pair.second.image];
    [...sources, pair.mixed].forEach((uri, c) => parts.push(image(columnLeft(c), top, uri)));
    parts.push(text(columnLeft(imageColumns), top + 2, `λ = ${pair.lambda.toFixed(2)}`, { size: 10, color: MUTED }));
    parts.push(bars(columnLeft(imageColumns), top + 4, pair.target, TARGET_COLOR));
    pair.predictions.forEach((prediction, m) => parts.push(bars(columnLeft(imageColumns + 1 + m), top + 4, prediction.top, MODEL_COLORS[m % MODEL_COLORS.length])));
  });
  const statisticsTop = gridBottom + GAP + 14;
  if (results.statistics.length === 0) {
    parts.push(text(GAP, statisticsTop, 'Cutout keeps each image\'s label: no in-between statistics.', { color: MUTED }));
  } else {
    parts.push(text(GAP, statisticsTop, 'In-between statistics (pairs of two different classes): top-2 = {y1, y2} · mean |p(y1) − λ| · mean |p(y2) − (1−λ)|', { weight: 'bold' }));
    results.statistics.forEach((s, m) => parts.push(text(GAP, statisticsTop + (m + 1) * STATISTICS_LINE,
      `${modelNames[m]}: ${s.pairCount} pairs · ${percentOrNa(s.topTwoMatchRate)} · ${s.meanGapFirst?.toFixed(3) ?? 'n/a'} · ${s.meanGapSecond?.toFixed(3) ?? 'n/a'}`,
      { color: MODEL_COLORS[m % MODEL_COLORS.length] })));
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}">${parts.join('')}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
