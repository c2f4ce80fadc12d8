// One contact sheet per mixed pair for the CLI: both sources, the mixed image, λ and each checkpoint's top-2 prediction,
// drawn as one PNG (images composited by sharp, captions as SVG text rendered by libvips).
import sharp from 'sharp';
import type { MixPairResult } from '../../protocol/mix';
import { modelDisplayName } from '../format';

/** Images are drawn at least this wide (the sample models mix at 64×64), nearest-neighbour so pixels stay visible. */
const MIN_TILE = 160;
const GAP = 8;
const LINE = 18;
const FONT = "font-family='DejaVu Sans, Liberation Sans, Arial, sans-serif' font-size='13'";

const escapeXml = (text: string): string => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
const percent = (p: number): string => `${(p * 100).toFixed(1)}%`;

function decodeDataUri(uri: string): Buffer {
  return Buffer.from(uri.slice(uri.indexOf(',') + 1), 'base64');
}

/** The caption lines under the images: what each tile is, λ and the target, then one line per checkpoint. */
export function mixSheetCaptions(pair: MixPairResult, classNames: readonly string[]): { tiles: string[]; lines: string[] } {
  const name = (label: number): string => classNames[label] ?? `class ${label}`;
  const tiles = [`x1: ${name(pair.first.label)}`, ...(pair.second ? [`x2: ${name(pair.second.label)}`] : []), `mixed, λ = ${pair.lambda.toFixed(3)}`];
  const target = pair.target.map((t) => `${t.name} ${percent(t.probability)}`).join(' + ');
  const predictions = pair.predictions.map((p) => `${modelDisplayName(p.modelPath)}: ${p.top.slice(0, 2).map((t) => `${t.name} ${percent(t.probability)}`).join(', ')}`);
  return { tiles, lines: [`target ${target}`, ...predictions] };
}

/** The sheet of one pair as PNG bytes. */
export async function mixSheetPng(pair: MixPairResult, classNames: readonly string[]): Promise<Buffer> {
  const sources = [pair.first.image, ...(pair.second ? [pair.second.image] : []), pair.mixed].map(decodeDataUri);
  const { width = MIN_TILE, height = MIN_TILE } = await sharp(sources[sources.length - 1]).metadata();
  const scale = Math.max(1, Math.ceil(MIN_TILE / width));
  const [tileWidth, tileHeight] = [width * scale, height * scale];
  const tiles = await Promise.all(sources.map((image) => sharp(image).resize(tileWidth, tileHeight, { kernel: 'nearest' }).removeAlpha().png().toBuffer()));
  const { tiles: tileCaptions, lines } = mixSheetCaptions(pair, classNames);
  const sheetWidth = tiles.length * tileWidth + (tiles.length + 1) * GAP;
  const textTop = GAP + tileHeight;
  const sheetHeight = textTop + LINE * (1 + lines.length) + GAP;
  const text = [
    ...tileCaptions.map((caption, i) => `<text x='${GAP + i * (tileWidth + GAP)}' y='${textTop + LINE - 4}' ${FONT}>${escapeXml(caption)}</text>`),
    ...lines.map((line, i) => `<text x='${GAP}' y='${textTop + LINE * (i + 2) - 4}' ${FONT}>${escapeXml(line)}</text>`),
  ].join('');
  const svg = Buffer.from(`<svg xmlns='http://www.w3.org/2000/svg' width='${sheetWidth}' height='${sheetHeight}'><rect width='100%' height='100%' fill='white'/><g fill='#1f1f1f'>${text}</g></svg>`);
  return sharp(svg)
    .composite(tiles.map((tile, i) => ({ input: tile, left: GAP + i * (tileWidth + GAP), top: GAP })))
    .png()
    .toBuffer();
}
