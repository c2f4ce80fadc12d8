// Temperature scaling (definitions.md §5): one T > 0 minimising the NLL of softmax(z/T) on a held-out split.
import { UserFacingError } from '../errors';

/** The search interval of T; a fit on its edge is reported as such. */
export const TEMPERATURE_RANGE: readonly [number, number] = [0.01, 100];

/** Golden-section search stops when the bracket on ln T is narrower than this. */
const LOG_T_TOLERANCE = 1e-10;

export interface TemperatureFit {
  temperature: number;
  /** Mean NLL of the split at T = 1 and at the fitted T. */
  nllBefore: number;
  nllAfter: number;
  /** True when the optimum lies on an edge of TEMPERATURE_RANGE. */
  atRangeEdge: boolean;
}

function checkRows(logits: ArrayLike<number>, labels: ArrayLike<number>, classCount: number): void {
  if (labels.length === 0) throw new UserFacingError('Temperature scaling needs at least one labelled image in the calibration split.', 'bad-input');
  if (logits.length !== labels.length * classCount) throw new UserFacingError(`Expected ${labels.length} rows of ${classCount} logits, got ${logits.length} values.`, 'bad-input');
}

// definitions.md §5: NLL(T) = mean over images of logsumexp(z/T) − z_y/T, the cross-entropy of softmax(z/T).
export function temperatureNll(logits: ArrayLike<number>, labels: ArrayLike<number>, classCount: number, temperature: number): number {
  checkRows(logits, labels, classCount);
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const offset = i * classCount;
    let peak = -Infinity;
    for (let c = 0; c < classCount; c++) peak = Math.max(peak, logits[offset + c] / temperature);
    let sum = 0;
    for (let c = 0; c < classCount; c++) sum += Math.exp(logits[offset + c] / temperature - peak);
    total += peak + Math.log(sum) - logits[offset + labels[i]] / temperature;
  }
  return total / labels.length;
}

// definitions.md §5: the T > 0 minimising NLL(T). NLL is convex in 1/T, hence unimodal in ln T, so a golden-section search on
// ln T over TEMPERATURE_RANGE finds the global minimum.
export function fitTemperature(logits: ArrayLike<number>, labels: ArrayLike<number>, classCount: number): TemperatureFit {
  checkRows(logits, labels, classCount);
  const nllAt = (logT: number): number => temperatureNll(logits, labels, classCount, Math.exp(logT));
  const ratio = (Math.sqrt(5) - 1) / 2;
  let [lo, hi] = TEMPERATURE_RANGE.map(Math.log);
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let fa = nllAt(a);
  let fb = nllAt(b);
  while (hi - lo > LOG_T_TOLERANCE) {
    if (fa <= fb) {
      hi = b; b = a; fb = fa;
      a = hi - ratio * (hi - lo); fa = nllAt(a);
    } else {
      lo = a; a = b; fa = fb;
      b = lo + ratio * (hi - lo); fb = nllAt(b);
    }
  }
  const logT = (lo + hi) / 2;
  const [minLog, maxLog] = TEMPERATURE_RANGE.map(Math.log);
  return {
    temperature: Math.exp(logT), nllBefore: nllAt(0), nllAfter: nllAt(logT),
    atRangeEdge: logT - minLog < 1e-6 || maxLog - logT < 1e-6,
  };
}

/** softmax(z/T) per row, row-major like the logits. */
export function temperatureScaledProbabilities(logits: ArrayLike<number>, classCount: number, temperature: number): Float64Array {
  const out = new Float64Array(logits.length);
  for (let offset = 0; offset < logits.length; offset += classCount) {
    let peak = -Infinity;
    for (let c = 0; c < classCount; c++) peak = Math.max(peak, logits[offset + c] / temperature);
    let sum = 0;
    for (let c = 0; c < classCount; c++) sum += (out[offset + c] = Math.exp(logits[offset + c] / temperature - peak));
    for (let c = 0; c < classCount; c++) out[offset + c] /= sum;
  }
  return out;
}
