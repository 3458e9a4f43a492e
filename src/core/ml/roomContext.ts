// A cluster of a room scan is a thing in a room. The object classifier learned its classes from
// whole models, and names the flat fragments a room's clusters often are after a class no room
// holds: of the names it gave the 20 largest clusters of ScanNet's scans of rooms scene0000 to
// scene0006 off their planes (scripts/cluster-naming-accuracy.ts), 53 of 94 were "airplane". Such a
// name says only that the cluster is like no object a room could hold.
import type { Bounds } from '../geometry/bounds';
import { unknownOrTooWide, widerThanModelsKnow, type ScanSource } from './sceneOrObject';

/** Served classes that no room scan holds. */
export const NOT_IN_ROOMS: readonly string[] = ['airplane', 'car'];

/** Whether a name given to part of a room scan is of a class no room holds. */
export function outOfPlaceInRoom(label: string): boolean {
  return NOT_IN_ROOMS.includes(label);
}

/**
 * A cluster's decision, as the Clusters panel and `pointlens clusters --name` make it: unknown where
 * the open-set score says so, where its points' box (`bounds`) is wider than any model learned (in a known unit),
 * or, in a room, where its name is of a class no room holds (`outOfPlace`).
 */
export function clusterDecision(
  bounds: Bounds,
  label: string,
  openSetUnknown: boolean | undefined,
  source: ScanSource,
  inRoom: boolean,
): { unknown: boolean; outOfPlace: boolean } {
  const widest = widerThanModelsKnow(bounds, source);
  const outOfPlace = inRoom && outOfPlaceInRoom(label);
  return { unknown: outOfPlace || unknownOrTooWide(openSetUnknown, widest), outOfPlace };
}
