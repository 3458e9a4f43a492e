// What the active layer's height profile comes to: its corridor's width, the zero its heights are
// read from, its points and the colours they are drawn in. The points are cut from the file as it
// is (its kept positions, its own up axis and units; the line and the corridor move with the layer),
// and their distances and heights read as the layer is drawn, as Measure's do: a layer scaled by 2
// gives twice its file's lengths and heights.
import { resolveColorMode } from '../core/color/colorModes';
import { formatMeasure } from '../core/geometry/measure';
import { defaultProfileWidth, heightProfile, placedProfile, type Profile } from '../core/geometry/profile';
import { axisIndex, axisSign } from '../core/geometry/signedAxis';
import { placedInFile } from '../core/layers/placement';
import { boundsCenter } from '../core/layers/transform';
import { heightOfOrigin } from '../core/io/shift';
import { floorOf, floorText, lengthUnitOf } from './measurements';
import { placementOf } from './placement';
import { shownMask, type MaskInputs } from './shownMask';
import type { ProfilePoint } from './slices/profile';
import { colorSettingsOf, colorSourceOf, type AppState, type LayerMeta } from './store';

/** What a profile is cut from: what decides which points are shown, and the line. */
export type ProfileInputs = MaskInputs & Pick<AppState, 'profile'>;

/** The active layer's uniform scale: what its profile's lengths and heights are multiplied by as it is drawn. */
export function layerScaleOf(s: Pick<AppState, 'layer' | 'layers'>): number {
  return s.layers.find((e) => e.meta.id === s.layer?.id)?.transform.scale ?? 1;
}

/** The corridor's width as the layer is drawn, as the panel gives it and takes it typed. */
export function placedProfileWidthOf(s: Pick<AppState, 'layer' | 'layers' | 'settings' | 'profile'>): number {
  return profileWidthOf(s) * layerScaleOf(s);
}

/** The corridor's width in the layer's own units (it scales with the layer): the one typed, or a round number near a fiftieth of the layer's extent seen from above. */
export function profileWidthOf(s: Pick<AppState, 'layer' | 'settings' | 'profile'>): number {
  if (s.profile.width !== null) return s.profile.width;
  if (!s.layer) return 1;
  const { min, max } = s.layer.bounds;
  const u = axisIndex(s.settings.upAxis);
  return defaultProfileWidth(Math.max(...[0, 1, 2].filter((k) => k !== u).map((k) => max[k] - min[k])));
}

/**
 * Whether the layer's heights are its file's elevations: a LAS, LAZ or COPC file's z is the
 * elevation by its specification, and coordinates kept relative to an origin are a georeferenced
 * scan's. Anything else is read from the floor the Measure tool's heights are taken from.
 */
export function heightsAreElevations(layer: Pick<LayerMeta, 'format' | 'origin'> | null): boolean {
  return Boolean(layer && (layer.format === 'las' || layer.format === 'copc' || layer.origin));
}

/** The height along up that reads as 0: the file's own zero for elevations, else the floor. */
export function profileZeroOf(s: Pick<AppState, 'layer' | 'layerData' | 'settings'>): number {
  return heightsAreElevations(s.layer) ? -heightOfOrigin(s.layer?.origin, s.settings.upAxis) : floorOf(s);
}

/**
 * What a height of the file (along up, from the profile's zero) is shifted by once it is times the
 * layer's scale: nothing for a height above the floor, which is placed with the layer; for an
 * elevation, where the transform puts the layer's centre along up.
 */
function heightShiftOf(s: Pick<AppState, 'layer' | 'layers' | 'layerData' | 'settings'>, zero: number): number {
  const placement = s.layer && placementOf(s, s.layer.id);
  if (!s.layer || !placement || !heightsAreElevations(s.layer)) return 0;
  const up = s.settings.upAxis;
  const centre = boundsCenter(s.layer.bounds);
  const own = axisSign(up) * centre[axisIndex(up)] - zero;
  const placed = axisSign(up) * placedInFile(centre, placement)[axisIndex(up)];
  return placed - placement.transform.scale * own;
}

/** What the heights are measured from, and the scale they are read at, as the panel says it. */
export function heightsSaid(s: Pick<AppState, 'layer' | 'layers' | 'layerData' | 'settings'>): string {
  const from = heightsAreElevations(s.layer) ? "Heights are the file's own elevations" : `Heights above the floor at ${floorText(s)}, as Measure reads them`;
  const scale = layerScaleOf(s);
  return scale === 1 ? from : `${from}; distances and heights as the layer is drawn, scaled by ${Number(scale.toPrecision(6))}`;
}

/** A length of the layer's, as the profile's panel and plot give it. */
export function profileLengthText(s: Pick<AppState, 'layer' | 'layerData' | 'settings'>, value: number): string {
  return formatMeasure('distance', value, lengthUnitOf(s));
}

const corners = (points: readonly ProfilePoint[]) => points.map((p) => p.position);

/** The active layer's profile along its finished line; null without one, or the reason it cannot be cut. */
export function profileOf(s: ProfileInputs): Profile | { error: string } | null {
  const { layer, layerData, profile } = s;
  if (!layer || !layerData || !profile.line) return null;
  try {
    const zero = profileZeroOf(s);
    const own = heightProfile({
      positions: layerData.geometry.positions,
      up: s.settings.upAxis,
      line: corners(profile.line),
      width: profileWidthOf(s),
      kept: shownMask(s, layer.id),
      zero,
    });
    return placedProfile(own, layerScaleOf(s), heightShiftOf(s, zero));
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The colours the profile's points are drawn in, rgb 0..255 a point: the active layer's colour
 * mode painted as the renderer paints it, over the profile's points alone where the mode can.
 */
export function profileColorsOf(s: Pick<AppState, 'layerData' | 'settings'>, indices: Uint32Array): Uint8Array {
  const out = new Uint8Array(indices.length * 3);
  if (!s.layerData) return out;
  const src = colorSourceOf(s.layerData);
  const mode = resolveColorMode(src, s.settings.colorMode);
  // a mode paints into a buffer of every point's colour, at the points' own places
  const all = new Float32Array(s.layerData.geometry.positions.length);
  mode.paint(src, colorSettingsOf(s.settings, mode.id), all, indices);
  for (let k = 0; k < indices.length; k++) for (let c = 0; c < 3; c++) out[3 * k + c] = Math.round(Math.min(1, Math.max(0, all[3 * indices[k] + c])) * 255);
  return out;
}
