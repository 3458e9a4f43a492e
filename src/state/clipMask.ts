// The points the clip keeps, and the points kept once hidden stray points and those a filter by
// value hides are left out too, derived once per change of the clip, the layer, the up axis, the
// stray points or the filter: rendering, picking, the legend and exports all read the kept mask.
import { clipActive, clipMask, countKept, type ClipRegion } from '../core/geometry/clip';
import type { AppState } from './store';
import { valueFilterMaskOf, valueFilterReader } from './valueFilter';

type ClipInputs = Pick<AppState, 'clip' | 'layerData' | 'settings'>;
export type KeptInputs = ClipInputs & Pick<AppState, 'stray' | 'strayMarks'>;

export function clipRegionOf(s: ClipInputs): ClipRegion {
  const { box, section } = s.clip;
  return { box, section: section === null ? null : { up: s.settings.upAxis, height: section } };
}

/** The stray points hidden on the layer `s` holds (the shown one, or one parked, read through keptInputsOf), 1 each; null where none are hidden. */
export function hiddenStrayOf(s: Pick<AppState, 'layerData' | 'stray' | 'strayMarks'>): Uint8Array | null {
  const { stray: view, strayMarks: marks } = s;
  if (view?.status !== 'done' || !view.hidden || !view.count || !marks) return null;
  // searched on other points (a streamed layer's that changed since): it marks none of these
  return marks.positions === s.layerData?.geometry.positions ? marks.stray : null;
}

/**
 * `kept` (null: every point) less the points where `other` is not `keepWhere`, remembered for the
 * last pair it was given: the masks are selected on every change of the store.
 */
function narrowing(keepWhere: 0 | 1): (kept: Uint8Array | null, other: Uint8Array) => Uint8Array {
  let last: { kept: Uint8Array | null; other: Uint8Array; mask: Uint8Array } | null = null;
  const flip = 1 - keepWhere;
  return (kept, other) => {
    if (last && last.kept === kept && last.other === other) return last.mask;
    const mask = new Uint8Array(other.length);
    for (let i = 0; i < mask.length; i++) mask[i] = (kept ? kept[i] : 1) & (other[i] ^ flip);
    last = { kept, other, mask };
    return mask;
  };
}

export interface KeptMasks {
  /** 1 for each point the clip keeps; null where nothing is clipped. */
  clipMaskOf(s: ClipInputs): Uint8Array | null;
  /**
   * 1 for each point the clip keeps that is not a hidden stray point; null where all are. The
   * legend's histogram counts these, so that it shows what a filter by value hides.
   */
  keptBeforeValueFilterOf(s: KeptInputs): Uint8Array | null;
  /** 1 for each point kept: the clip keeps it, it is not a hidden stray point and the filter by value keeps it; null where all are. */
  keptMaskOf(s: KeptInputs): Uint8Array | null;
}

/**
 * The kept masks read with caches of their own, each remembered for the last inputs it was given:
 * one reader a layer or colour mode, so that reading another layer's (a volume's base) or another
 * mode's does not throw the shown layer's masks away. `valueFilter`: the filter by value it reads.
 */
export function keptMaskReader(valueFilter = valueFilterReader()): KeptMasks {
  let cached: { positions: Float32Array; box: unknown; section: number | null; up: string; mask: Uint8Array | null } | null = null;
  const lessStray = narrowing(0);
  const inValueRange = narrowing(1);
  const clipMaskOf = (s: ClipInputs): Uint8Array | null => {
    const positions = s.layerData?.geometry.positions;
    if (!positions) return null;
    const { box, section } = s.clip;
    const up = s.settings.upAxis;
    if (cached && cached.positions === positions && cached.box === box && cached.section === section && cached.up === up) return cached.mask;
    const region = clipRegionOf(s);
    const mask = clipActive(region) ? clipMask(positions, region) : null;
    cached = { positions, box, section, up, mask };
    return mask;
  };
  const keptBeforeValueFilterOf = (s: KeptInputs): Uint8Array | null => {
    const clip = clipMaskOf(s);
    const stray = hiddenStrayOf(s);
    return stray ? lessStray(clip, stray) : clip;
  };
  const keptMaskOf = (s: KeptInputs): Uint8Array | null => {
    const kept = keptBeforeValueFilterOf(s);
    const values = valueFilter(s);
    return values ? inValueRange(kept, values) : kept;
  };
  return { clipMaskOf, keptBeforeValueFilterOf, keptMaskOf };
}

/** The shown layer's masks, which rendering, picking, the legend and exports all read. */
export const { clipMaskOf, keptBeforeValueFilterOf, keptMaskOf } = keptMaskReader(valueFilterMaskOf);

/** How many points of the shown layer are kept (all of them where nothing is clipped, hidden or filtered). */
export function keptCountOf(s: KeptInputs): number {
  const mask = keptMaskOf(s);
  return mask ? countKept(mask) : (s.layerData?.geometry.positions.length ?? 0) / 3;
}

/**
 * Layer `id`'s inputs of its kept mask as they would be were it active: the active layer's, or the
 * clip, stray points, colour mode and up axis parked with it; null where it is not open.
 */
export function keptInputsOf(s: Pick<AppState, 'layer' | 'layers' | 'parked'> & KeptInputs, id: string): KeptInputs | null {
  if (s.layer?.id === id) return s;
  const parked = s.parked[id];
  const entry = s.layers.find((e) => e.meta.id === id);
  if (!parked || !entry) return null;
  const { clip, stray, strayMarks } = parked.features;
  return { layerData: parked.data, clip, stray, strayMarks, settings: { ...s.settings, colorMode: entry.colorMode, upAxis: entry.upAxis } };
}
