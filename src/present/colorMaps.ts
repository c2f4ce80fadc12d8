// Colour maps for score maps, as 256-entry RGB lookup tables, shared by the localisation panel and the HTML report.
// viridis and inferno are perceptually uniform (matplotlib's maps, as Matt Zucker's CC0 degree-6 polynomial fits);
// jet is the rainbow most CAM papers print, kept so pictures can be compared with theirs.
import type { ColorMapName } from '../protocol/messages/localisation';

type Polynomial = readonly (readonly [number, number, number])[];

const viridis: Polynomial = [
  [0.2777273272234177, 0.005407344544966578, 0.3340998053353061],
  [0.1050930431085774, 1.404613529898575, 1.384590162594685],
  [-0.3308618287255563, 0.214847559468213, 0.09509516302823659],
  [-4.634230498983486, -5.799100973351585, -19.33244095627987],
  [6.228269936347081, 14.17993336680509, 56.69055260068105],
  [4.776384997670288, -13.74514537774601, -65.35303263337234],
  [-5.435455855934631, 4.645852612178535, 26.3124352495832],
];

const inferno: Polynomial = [
  [0.0002189403691192265, 0.001651004631001012, -0.01948089843709184],
  [0.1065134194856116, 0.5639564367884091, 3.932712388889277],
  [11.60249308247187, -3.972853965665698, -15.9423941062914],
  [-41.70399613139459, 17.43639888205313, 44.35414519872813],
  [77.162935699427, -33.40235894210092, -81.80730925738993],
  [-71.31942824499214, 32.62606426397723, 73.20951985803202],
  [25.13112622477341, -12.24266895238567, -23.07032500287172],
];

const clamp01 = (value: number): number => Math.min(1, Math.max(0, value));

function polynomialColor(coefficients: Polynomial, t: number): [number, number, number] {
  return [0, 1, 2].map((channel) => clamp01(coefficients.reduceRight((sum, c) => sum * t + c[channel], 0))) as [number, number, number];
}

function jetColor(t: number): [number, number, number] {
  return [clamp01(1.5 - Math.abs(4 * t - 3)), clamp01(1.5 - Math.abs(4 * t - 2)), clamp01(1.5 - Math.abs(4 * t - 1))];
}

export const colorMapLabels: Record<ColorMapName, string> = { viridis: 'Viridis', inferno: 'Inferno', jet: 'Jet' };

const tables = new Map<ColorMapName, Uint8Array>();

/** RGB bytes for the 256 levels of an 8-bit map: entry v at [3v, 3v + 2]. */
export function colorMapTable(name: ColorMapName): Uint8Array {
  const cached = tables.get(name);
  if (cached) return cached;
  const table = new Uint8Array(256 * 3);
  for (let level = 0; level < 256; level++) {
    const t = level / 255;
    const rgb = name === 'jet' ? jetColor(t) : polynomialColor(name === 'viridis' ? viridis : inferno, t);
    table.set(rgb.map((c) => Math.round(c * 255)), level * 3);
  }
  tables.set(name, table);
  return table;
}

/** CSS colours along the map, for a legend gradient. */
export function colorMapStops(name: ColorMapName, count = 9): string[] {
  const table = colorMapTable(name);
  return Array.from({ length: count }, (_, i) => {
    const level = Math.round((i / (count - 1)) * 255);
    return `rgb(${table[level * 3]}, ${table[level * 3 + 1]}, ${table[level * 3 + 2]})`;
  });
}
