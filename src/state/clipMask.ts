// The points the clip keeps, and the points kept once hidden stray points are left out too, derived
// once per change of the clip, the layer, the up axis or the stray points: rendering, picking, the
// legend and exports all read the kept mask.
import { clipActive, clipMask, countKept, type ClipRegion } from '../core/geometry/clip';
import type { AppState } from './store';

type ClipInputs = Pick<AppState, 'clip' | 'layerData' | 'settings'>;
type KeptInputs = ClipInputs & Pick<AppState, 'stray' | 'strayMarks'>;

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

/** The stray points hidden on the shown layer (1 each), or null where none are hidden. */
export function hiddenStrayOf(s: Pick<AppState, 'layerData' | 'stray' | 'strayMarks'>): Uint8Array | null {
  const { stray: view, strayMarks: marks } = s;
  if (view?.status !== 'done' || !view.hidden || !view.count || !marks) return null;
  // searched on other points (a streamed layer's that changed since): it marks none of these
  return marks.positions === s.layerData?.geometry.positions ? marks.stray : null;
}

let keptCache: { clip: Uint8Array | null; stray: Uint8Array; mask: Uint8Array } | null = null;

/** 1 for each point of the shown layer kept: the clip keeps it and it is not a hidden stray point; null where all are. */
export function keptMaskOf(s: KeptInputs): Uint8Array | null {
  const clip = clipMaskOf(s);
  const stray = hiddenStrayOf(s);
  if (!stray) return clip;
  if (keptCache && keptCache.clip === clip && keptCache.stray === stray) return keptCache.mask;
  const mask = new Uint8Array(stray.length);
  for (let i = 0; i < mask.length; i++) mask[i] = (clip ? clip[i] : 1) & (1 - stray[i]);
  keptCache = { clip, stray, mask };
  return mask;
}

/** How many points of the shown layer are kept (all of them where nothing is clipped or hidden). */
export function keptCountOf(s: KeptInputs): number {
  const mask = keptMaskOf(s);
  return mask ? countKept(mask) : (s.layerData?.geometry.positions.length ?? 0) / 3;
}
