// The k most probable classes of one probability row, highest first (ties keep the lower index first).
import type { ClassScore } from '../protocol/predict';

export function topK(probabilities: ArrayLike<number>, names: readonly string[], k: number): ClassScore[] {
  const order = Array.from({ length: probabilities.length }, (_, i) => i);
  order.sort((a, b) => probabilities[b] - probabilities[a] || a - b);
  return order.slice(0, Math.min(k, order.length)).map((index) => ({ index, name: names[index] ?? `class ${index}`, probability: probabilities[index] }));
}
