// The scene model works in metres (1.5 m blocks, 0.1 m voxels, furniture heights); CAD, BIM and
// photogrammetry exports often store a room in centimetres or millimetres, where every size would be
// read a hundred or a thousand times too large (the held-out scan scene0008_00 written in cm or mm was
// still running after 3 minutes, against 2 s in metres). A z-up scan taller from its floor than any
// building's storeys reach in metres is read in the unit that makes it the height of a storey or a few.
// A file that declares its unit (a LAS file's coordinate system) is read in it.
import type { LengthUnit } from '../types';
import { METRES_PER } from '../units';
import { floorOf } from './sceneFloor';
import { storeyCuts } from './storeys';

export interface SceneUnit {
  unit: LengthUnit;
  /** metres per file unit */
  scale: number;
  /** the file declared it, rather than its height telling it */
  declared?: true;
}

export const METRES: SceneUnit = { unit: 'm', scale: 1 };
/** The units a scan too large for metres may be written in. */
export const SMALLER_UNITS: readonly SceneUnit[] = (['cm', 'mm'] as const).map((unit) => ({ unit, scale: METRES_PER[unit] }));
/**
 * Floor to top, in metres, of a scan the scene model can read: a partial scan of a room (ScanNet's
 * lowest reach 1.6 m) to a building of many storeys. Outdoor scans are no rooms in any unit.
 */
export const SCENE_HEIGHT_M: [number, number] = [1, 60];
/**
 * Whether a scan this tall in its own unit (floor, or lowest point, to top) is too tall to be in
 * metres; one no taller from its lowest point is in metres without its floor being looked for.
 */
export const tallerThanRooms = (height: number) => height > SCENE_HEIGHT_M[1];
/** Whether a scan `height` tall in its own unit is as tall as SCENE_HEIGHT_M read in `unit`. */
export const heightFits = (height: number, unit: SceneUnit) => height * unit.scale >= SCENE_HEIGHT_M[0] && height * unit.scale <= SCENE_HEIGHT_M[1];
/**
 * A storey's height, metres, floor to floor with the slab (what storeys.ts cuts), so above upAxis.ts's
 * floor-to-ceiling 2.8 m: of the units that fit, the one whose tallest storey is nearest it.
 */
const STOREY_M = 3;

/** The tallest storey of a z-up scan (storeys.ts), in its own unit. */
function tallestStorey(positions: Float32Array): number {
  const { floor, cuts } = storeyCuts(positions);
  let top = -Infinity;
  for (let i = 2; i < positions.length; i += 3) if (positions[i] > top) top = positions[i];
  const edges = [floor, ...cuts, top];
  let tallest = 0;
  for (let k = 1; k < edges.length; k++) tallest = Math.max(tallest, edges[k] - edges[k - 1]);
  return tallest;
}

/**
 * The unit of a z-up scan: the one its file declares, where it does; else metres unless it is taller
 * than SCENE_HEIGHT_M[1]; then, of the smaller units that bring it within SCENE_HEIGHT_M, the one whose
 * tallest storey is nearest a storey's height (a building in centimetres and a low partial scan in
 * millimetres can be as many units tall).
 */
export function sceneUnit(positions: Float32Array, declared?: LengthUnit): SceneUnit {
  if (declared) return declared === 'm' ? METRES : { unit: declared, scale: METRES_PER[declared], declared: true };
  let lowest = Infinity;
  let top = -Infinity;
  for (let i = 2; i < positions.length; i += 3) {
    if (positions[i] < lowest) lowest = positions[i];
    if (positions[i] > top) top = positions[i];
  }
  if (!tallerThanRooms(top - lowest)) return METRES;
  const height = top - floorOf(positions, lowest);
  if (!tallerThanRooms(height)) return METRES;
  const fits = SMALLER_UNITS.filter((u) => heightFits(height, u));
  if (fits.length < 2) return fits[0] ?? METRES;
  const offStorey = fits.map((u) => Math.abs(Math.log(tallestStorey(inMetres(positions, u)) / STOREY_M)));
  return fits[offStorey.indexOf(Math.min(...offStorey))];
}

/** The positions in metres: the same array where they are. */
export function inMetres(positions: Float32Array, unit: SceneUnit): Float32Array {
  return unit.scale === 1 ? positions : positions.map((v) => v * unit.scale);
}
