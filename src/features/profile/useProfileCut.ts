// The active layer's profile as the panel's plot and the large one show it: the cut and its points'
// colours. Both plots (and any later reader) share one cut of the same inputs, as cutting a large
// scan takes a while.
import { useAppStore } from '../../state/store';
import { profileColorsOf, profileOf, type ProfileInputs } from '../../state/profile';
import { useMaskInputs } from '../../state/shownMask';
import type { Profile } from '../../core/geometry/profile';

export interface ProfileCut {
  /** the cut, the reason it cannot be made, or null without a finished line */
  result: Profile | { error: string } | null;
  /** rgb 0..255 a point of the cut */
  colors: Uint8Array | null;
}

const KEYS = ['layer', 'layers', 'parked', 'settings', 'clip', 'stray', 'strayMarks'] as const;
/** the last cut made of a layer's points, let go with them */
const cuts = new WeakMap<object, ProfileCut & { inputs: ProfileInputs }>();

/** The cut of `inputs`, made again only where what it is of has changed (not where the plot's hover or size did). */
export function profileCutOf(inputs: ProfileInputs): ProfileCut {
  if (!inputs.layerData || !inputs.profile.line) return { result: null, colors: null };
  const last = cuts.get(inputs.layerData);
  const same = (a: ProfileInputs) => KEYS.every((k) => a[k] === inputs[k]) && a.profile.line === inputs.profile.line && a.profile.width === inputs.profile.width;
  if (last && same(last.inputs)) return last;
  const result = profileOf(inputs);
  const colors = result && !('error' in result) ? profileColorsOf(inputs, result.indices) : null;
  const cut = { inputs, result, colors };
  cuts.set(inputs.layerData, cut);
  return cut;
}

export function useProfileCut(): ProfileCut {
  const inputs = useMaskInputs();
  const profile = useAppStore((s) => s.profile);
  return profileCutOf({ ...inputs, profile });
}
