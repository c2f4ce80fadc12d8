// Draws one localised image on a canvas: the picture, the colour-mapped score map at the chosen opacity, the
// ground-truth boxes and the predicted box at the chosen threshold. Decoded pictures and coloured maps are cached.
import type { Box } from '../../src/protocol/data';
import type { ColorMapName } from '../../src/protocol/messages/localisation';
import { colorMapTable } from '../../src/present/colorMaps';
import { safeImageSource } from '../../src/present/format';

export interface CellPaint {
  /** The image and its 8-bit score map: webview URIs of their files, or data: URIs (records saved before schema 2). */
  pixels: { image: string; map: string };
  groundTruth: readonly Box[];
  /** The predicted box at the shown threshold. */
  predicted: Box;
  colorMap: ColorMapName;
  opacity: number;
  groundTruthColor: string;
  predictedColor: string;
}

function loadImage(uri: string): Promise<HTMLImageElement> {
  const safe = safeImageSource(uri);
  if (safe === null) return Promise.reject(new Error('not an image URI'));
  return new Promise((resolve, reject) => {
    const image = new Image();
    // A file's URI is another origin: without CORS the canvas holding the map would be tainted and its pixels unreadable.
    if (!safe.startsWith('data:')) image.crossOrigin = 'anonymous';
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('the image could not be loaded'));
    image.src = safe;
  });
}

/** An 8-bit grayscale map recoloured through a colour map's lookup table, on its own canvas. */
function colouredMap(map: HTMLImageElement, colorMap: ColorMapName): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = map.naturalWidth;
  canvas.height = map.naturalHeight;
  const context = canvas.getContext('2d');
  if (context === null) return canvas;
  context.drawImage(map, 0, 0);
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
  const table = colorMapTable(colorMap);
  const data = pixels.data;
  for (let i = 0; i < data.length; i += 4) {
    const level = data[i];
    data[i] = table[level * 3];
    data[i + 1] = table[level * 3 + 1];
    data[i + 2] = table[level * 3 + 2];
    data[i + 3] = 255;
  }
  context.putImageData(pixels, 0, 0);
  return canvas;
}

function strokeBox(context: CanvasRenderingContext2D, box: Box, color: string, dashed: boolean): void {
  const width = box.x1 - box.x0 + 1;
  const height = box.y1 - box.y0 + 1;
  context.setLineDash(dashed ? [6, 4] : []);
  context.lineWidth = 5;
  context.strokeStyle = 'rgba(0, 0, 0, 0.5)';
  context.strokeRect(box.x0 + 1, box.y0 + 1, width - 2, height - 2);
  context.lineWidth = 3;
  context.strokeStyle = color;
  context.strokeRect(box.x0 + 1, box.y0 + 1, width - 2, height - 2);
  context.setLineDash([]);
}

export class OverlayPainter {
  private readonly images = new Map<string, Promise<HTMLImageElement>>();
  private readonly coloured = new Map<string, HTMLCanvasElement>();
  private colouredWith: ColorMapName | null = null;
  private readonly generations = new WeakMap<HTMLCanvasElement, number>();

  /** Paints `cell` on `canvas` and marks it data-painted; a later call for the same canvas wins over one still loading. */
  async paint(canvas: HTMLCanvasElement, cell: CellPaint): Promise<void> {
    const generation = (this.generations.get(canvas) ?? 0) + 1;
    this.generations.set(canvas, generation);
    const [picture, map] = await Promise.all([this.image(cell.pixels.image), this.image(cell.pixels.map)]);
    if (this.generations.get(canvas) !== generation) return;
    const context = canvas.getContext('2d');
    if (context === null) return;
    context.clearRect(0, 0, canvas.width, canvas.height);
    context.drawImage(picture, 0, 0, canvas.width, canvas.height);
    context.globalAlpha = cell.opacity;
    context.drawImage(this.colouredMap(cell.pixels.map, map, cell.colorMap), 0, 0, canvas.width, canvas.height);
    context.globalAlpha = 1;
    for (const box of cell.groundTruth) strokeBox(context, box, cell.groundTruthColor, false);
    strokeBox(context, cell.predicted, cell.predictedColor, true);
    canvas.dataset.painted = 'true';
  }

  /** Forgets everything, e.g. when new runs replace the shown ones. */
  clear(): void {
    this.images.clear();
    this.coloured.clear();
  }

  private image(uri: string): Promise<HTMLImageElement> {
    let loading = this.images.get(uri);
    if (!loading) {
      loading = loadImage(uri);
      this.images.set(uri, loading);
    }
    return loading;
  }

  private colouredMap(uri: string, map: HTMLImageElement, colorMap: ColorMapName): HTMLCanvasElement {
    if (this.colouredWith !== colorMap) {
      this.coloured.clear();
      this.colouredWith = colorMap;
    }
    let canvas = this.coloured.get(uri);
    if (!canvas) {
      canvas = colouredMap(map, colorMap);
      this.coloured.set(uri, canvas);
    }
    return canvas;
  }
}
