// What the measurements of the shown layer come to: their values in the file's units, the floor a
// height is taken from, and where each is labelled. Points are measured where they are drawn: each
// placed by its layer's up axis, origin and transform in the scene's frame (+y up), so a moved or
// scaled layer measures as it is seen, and two points of two layers as far apart as they are drawn.
// Derived here so that the panel and the 3D view show the same numbers.
import { atHeight, floorHeight, formatMeasure, measureValue, type MeasureTool, type Vec3 } from '../core/geometry/measure';
import { placedInScene, type Placement } from '../core/layers/placement';
import { boundsCenter } from '../core/layers/transform';
import { axisIndex, axisSign, type SignedAxis } from '../core/geometry/signedAxis';
import { sceneUnit, tallerThanRooms } from '../core/geometry/sceneUnits';
import { positionsInModelFrame } from '../core/ml/sceneFrame';
import { looksLikeScene } from '../core/ml/sceneOrObject';
import { heightOfOrigin } from '../core/io/shift';
import { unitName, unitSymbol } from '../core/units';
import type { LengthUnit } from '../core/types';
import type { MeasurePoint } from './slices/measure';
import { placementOf, viewOrigin } from './placement';
import type { AppState } from './store';

export interface MeasuredValue {
  /** the finished measurement's id, or null for the one being picked */
  id: number | null;
  tool: MeasureTool;
  points: MeasurePoint[];
  /** the points where they are drawn, in the scene's frame */
  at: [number, number, number][];
  /** NaN until the measurement has its points */
  value: number;
  text: string;
  /** where the label goes, in the scene's frame */
  anchor: [number, number, number];
  /** for a height: the point on the floor below the picked one, in the scene's frame */
  foot?: [number, number, number];
  /** an area's outline closes back to its first point */
  closed: boolean;
}

type MeasureInputs = Pick<AppState, 'layer' | 'layerData' | 'layers' | 'settings' | 'measure'>;

const sceneUnits = new WeakMap<Float32Array, Map<SignedAxis, LengthUnit>>();

/**
 * A room scan's unit as the scene pipeline reads it (metres, or centimetres or millimetres where it
 * is too tall for metres); undefined for what is no room scan.
 */
function roomUnitOf({ layer, layerData, settings }: Pick<AppState, 'layer' | 'layerData' | 'settings'>): LengthUnit | undefined {
  if (!layer || !layerData || !looksLikeScene(layerData.geometry, layer.bounds, settings.upAxis, layer.format)) return undefined;
  const positions = layerData.geometry.positions;
  let byUp = sceneUnits.get(positions);
  if (!byUp) sceneUnits.set(positions, (byUp = new Map()));
  let unit = byUp.get(settings.upAxis);
  if (unit === undefined) {
    // only a scan too tall for metres needs its z-up copy looked at (on this thread)
    const u = axisIndex(settings.upAxis);
    const tall = tallerThanRooms(layer.bounds.max[u] - layer.bounds.min[u]);
    unit = tall ? sceneUnit(positionsInModelFrame(positions, settings.upAxis, 'z')).unit : 'm';
    byUp.set(settings.upAxis, unit);
  }
  return unit;
}

/**
 * The unit the file declares (a LAS file's coordinate system); else a room scan's (roomUnitOf);
 * objects are normalised, so their units are the file's own (undefined).
 */
export function layerUnitOf(s: Pick<AppState, 'layer' | 'layerData' | 'settings'>): LengthUnit | undefined {
  return s.layer?.unit ?? roomUnitOf(s);
}

/** layerUnitOf as a measurement is labelled with it ('' for the file's own). */
export function lengthUnitOf(s: Pick<AppState, 'layer' | 'layerData' | 'settings'>): string {
  const unit = layerUnitOf(s);
  return unit ? unitSymbol(unit) : '';
}

/** What the measurements' unit is, and what says so: the file, the room the scan was read as, or nothing. */
export function unitsSaid(s: Pick<AppState, 'layer' | 'layerData' | 'settings'>): string {
  const capital = (t: string) => t[0].toUpperCase() + t.slice(1);
  if (s.layer?.unit) return `${capital(unitName(s.layer.unit))}, as the file declares`;
  const room = roomUnitOf(s);
  return room ? `${capital(unitName(room))}, read as a room scan` : "The file's own units (it declares none, and it is not read as a room scan)";
}

const floors = new WeakMap<Float32Array, Map<SignedAxis, number>>();

/** The floor a height is measured from: a room's floor plane, an object's lowest point. */
export function floorOf(s: Pick<AppState, 'layer' | 'layerData' | 'settings'>): number {
  const { layer, layerData, settings } = s;
  if (!layer || !layerData) return 0;
  const up = settings.upAxis;
  const positions = layerData.geometry.positions;
  let byUp = floors.get(positions);
  if (!byUp) floors.set(positions, (byUp = new Map()));
  let floor = byUp.get(up);
  if (floor === undefined) {
    const u = axisIndex(up);
    const lowest = axisSign(up) > 0 ? layer.bounds.min[u] : -layer.bounds.max[u];
    floor = lengthUnitOf(s) ? floorHeight(positions, up) : lowest;
    byUp.set(up, floor);
  }
  return floor;
}

function centroid(points: readonly Vec3[]): [number, number, number] {
  const c: [number, number, number] = [0, 0, 0];
  for (const p of points) for (let k = 0; k < 3; k++) c[k] += p[k] / points.length;
  return c;
}

/** Heights in the scene's frame are along +y, where every layer's up is turned. */
const SCENE_UP = '+y';

function evaluate(id: number | null, tool: MeasureTool, points: MeasurePoint[], at: [number, number, number][], floor: number, unit: string): MeasuredValue {
  const value = measureValue(tool, at, { up: SCENE_UP, floor });
  const foot = tool === 'height' && at.length ? atHeight(at[0], SCENE_UP, floor) : undefined;
  let anchor: [number, number, number];
  if (tool === 'angle' && at.length >= 2) anchor = [...at[1]];
  else if (tool === 'height' && foot) anchor = centroid([at[0], foot]);
  else anchor = at.length ? centroid(at) : [0, 0, 0];
  return { id, tool, points, at, value, text: formatMeasure(tool, value, unit), anchor, foot, closed: tool === 'area' && id !== null };
}

/**
 * Every finished measurement, then the one being picked (where it has a point), each point where
 * its layer places it now. Lengths are in the active layer's unit and heights from its floor, placed
 * with it.
 */
export function measurementsOf(s: MeasureInputs): MeasuredValue[] {
  const { measure, settings, layer } = s;
  if (!layer || (!measure.done.length && !measure.current.length)) return [];
  const reference = viewOrigin(s);
  const placements = new Map<string, Placement | null>();
  const placementFor = (id: string) => {
    if (!placements.has(id)) placements.set(id, placementOf(s, id));
    return placements.get(id)!;
  };
  const own = placementFor(layer.id);
  if (!own) return [];
  // a horizontal plane stays one under a turn about up and a uniform scale: the floor is where its centre goes
  const floor = placedInScene(atHeight(boundsCenter(layer.bounds), settings.upAxis, floorOf(s)), own, reference)[1];
  const unit = lengthUnitOf(s);
  /** the points where they are drawn, or null where a point's layer is gone */
  const placed = (points: MeasurePoint[]) => {
    const at = points.map((p) => {
      const placement = placementFor(p.layerId);
      return placement && placedInScene(p.position, placement, reference);
    });
    return at.every((p) => p !== null) ? (at as [number, number, number][]) : null;
  };
  const all: MeasuredValue[] = [];
  for (const m of measure.done) {
    const at = placed(m.points);
    if (at) all.push(evaluate(m.id, m.tool, m.points, at, floor, unit));
  }
  const current = measure.tool && measure.current.length ? placed(measure.current) : null;
  if (measure.tool && current) all.push(evaluate(null, measure.tool, measure.current, current, floor, unit));
  return all;
}

/** The floor's height, as the panel shows it: in the file's coordinates, where they are kept relative to an origin. */
export function floorText(s: Pick<AppState, 'layer' | 'layerData' | 'settings'>): string {
  return formatMeasure('height', floorOf(s) + heightOfOrigin(s.layer?.origin, s.settings.upAxis), lengthUnitOf(s));
}
