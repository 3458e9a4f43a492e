// The points the clip keeps, derived once per change of the clip, the layer or the up axis:
// rendering, picking and exports all read this one mask.
import { clipActive, clipMask, countKept, type ClipRegion } from '../core/geometry/clip';
import type { AppState } from './store';

type ClipInputs = Pick<AppState, 'clip' | 'layerData' | 'settings'>;

export function clipRegionOf(s: ClipInputs): ClipRegion {
  const { box, section } = s.clip;
  return { box, section: section === null ? null : { up: s.settings.upAxis, height: section } };
}

let cached: { positions: Float32Array; box: unknown; section: number | null; up: string; mask: Uint8Array | null } | null = null;

/** 1 for each point of the shown layer the clip keeps; null where nothing is clipped. */
export function clipMaskOf(s: ClipInputs): Uint8Array | null {
  const positions = s.layerData?.geometry.positions;
  if (!positions) return null;
  const { box, section } = s.clip;
  const up = s.settings.upAxis;
  if (cached && cached.positions === positions && cached.box === box && cached.section === section && cached.up === up) return cached.mask;
  const region = clipRegionOf(s);
  const mask = clipActive(region) ? clipMask(positions, region) : null;
  cached = { positions, box, section, up, mask };
  return mask;
}

/** How many points of the shown layer the clip keeps (all of them where nothing is clipped). */
export function keptCountOf(s: ClipInputs): number {
  const mask = clipMaskOf(s);
  return mask ? countKept(mask) : (s.layerData?.geometry.positions.length ?? 0) / 3;
}
