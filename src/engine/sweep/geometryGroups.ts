// Models that see the same pixels: a decoded (and corrupted) batch is model-independent only for models that share input
// size and resize geometry, so a sweep decodes and corrupts once per group and feeds the batch to every model of it.
import { geometryFromProfile, type ResizeGeometry } from '../data/geometry';
import type { Classifier } from '../model/classifier';

export interface SweptModel {
  modelId: string;
  classifier: Classifier;
}

export interface GeometryGroup {
  geometry: ResizeGeometry;
  models: SweptModel[];
}

function geometryKey(g: ResizeGeometry): string {
  return `${g.height}x${g.width}/${g.resize}/${g.resize === 'shorter-side' ? g.centerCropFraction : 1}`;
}

/** The models grouped by the geometry of their preprocessing profile, in the order first seen. */
export function geometryGroups(models: readonly SweptModel[]): GeometryGroup[] {
  const groups = new Map<string, GeometryGroup>();
  for (const model of models) {
    const geometry = geometryFromProfile(model.classifier.profile);
    const key = geometryKey(geometry);
    const group = groups.get(key) ?? { geometry, models: [] };
    group.models.push(model);
    groups.set(key, group);
  }
  return [...groups.values()];
}
