// A cluster of a room scan is a thing in a room. The object classifier learned its classes from
// whole models, and names the flat fragments a room's clusters often are after a class no room
// holds: of the names it gave the 20 largest clusters of ScanNet's scans of rooms scene0000 to
// scene0006 off their planes (scripts/cluster-naming-accuracy.ts), 53 of 94 were "airplane". Such a
// name says only that the cluster is like no object a room could hold.

/** Served classes that no room scan holds. */
export const NOT_IN_ROOMS: readonly string[] = ['airplane', 'car'];

/** Whether a name given to part of a room scan is of a class no room holds. */
export function outOfPlaceInRoom(label: string): boolean {
  return NOT_IN_ROOMS.includes(label);
}
