// Everything a layer knows about one point, as plain data for the inspector.
import { labelName, labelTableFromClasses } from '../core/color/labelTable';
import type { LayerData, PickInfo } from './store';

export function describePoint(data: Pick<LayerData, 'id' | 'geometry' | 'overlays'>, index: number): PickInfo {
  const g = data.geometry;
  const at3 = (a: ArrayLike<number>): [number, number, number] => [a[index * 3], a[index * 3 + 1], a[index * 3 + 2]];
  const fields: Record<string, number> = {};
  for (const [name, values] of Object.entries(g.fields)) fields[name] = values[index];
  const overlays: PickInfo['overlays'] = {};
  for (const o of data.overlays) {
    const confidence = o.confidence?.[index];
    overlays[o.id] = {
      // -1 is a point no class was given (a correction left unlabelled, a truth without one)
      className: o.values[index] < 0 ? 'unlabelled' : labelName(labelTableFromClasses(o.classes), o.values[index], 'class'),
      confidence,
      ...(confidence !== undefined && o.sureAbove !== undefined && { sure: confidence >= o.sureAbove }),
    };
  }
  return {
    layerId: data.id,
    index,
    position: at3(g.positions),
    color: g.colors ? at3(g.colors) : undefined,
    normal: g.normals ? at3(g.normals) : undefined,
    fields,
    overlays,
  };
}
