// The classes a scene's points are labelled with: the segmenter's, then the ceiling, which the
// geometry names (geometry/ceiling.ts) since ScanNet's 20 classes have none.
import { DEFAULT_INSTANCE_PARAMS, type InstanceParams } from '../geometry/instances';
import type { ClassInfo, ModelEntry } from './manifest';

export const CEILING_CLASS: ClassInfo = { name: 'ceiling', color: [235, 235, 225] };

// one list per entry, so that a store selector returning it gives the same array each time
const listed = new WeakMap<Pick<ModelEntry, 'classes'>, ClassInfo[]>();

export function sceneClasses(entry: Pick<ModelEntry, 'classes'>): ClassInfo[] {
  let classes = listed.get(entry);
  if (!classes) listed.set(entry, (classes = [...entry.classes, CEILING_CLASS]));
  return classes;
}

/** How a scene's instances are found: as the segmenter's boxes are, and none around the ceiling either, as none around walls and floors. */
export const SCENE_INSTANCE_PARAMS: InstanceParams = { ...DEFAULT_INSTANCE_PARAMS, skip: [...DEFAULT_INSTANCE_PARAMS.skip, CEILING_CLASS.name] };

/** The index a scene's ceiling points carry: the one after the segmenter's classes. */
export function ceilingIndex(entry: Pick<ModelEntry, 'classes'>): number {
  return entry.classes.length;
}
