// Filter by value, as CloudCompare has it: the active layer's points whose value of the shown scale
// colour mode lies past the legend's ends (or that have no value) are hidden as a clip hides them.
// It follows the colour mode: the field shown and the range its legend spans, whichever they are;
// a mode without a scale (file colours, classes) filters nothing while it is shown.
import { inRangeMask, type ScaleReading } from '../core/color/scaleReading';
import { resolveColorMode } from '../core/color/colorModes';
import { colorSettingsOf, colorSourceOf, type AppState } from './store';

type ValueInputs = Pick<AppState, 'layerData' | 'settings'>;

/** Whether the filter is on while the shown colour mode has no scale to filter by: every point is shown, and the legend says so. */
export function valueFilterIdle(s: ValueInputs): boolean {
  if (!s.settings.filterByValue || !s.layerData) return false;
  return !resolveColorMode(colorSourceOf(s.layerData), s.settings.colorMode).reading;
}

const sameReading = (a: ScaleReading, b: ScaleReading) => a.values === b.values && a.stride === b.stride && a.offset === b.offset && a.sign === b.sign && a.shift === b.shift;

/**
 * The filter by value read with a cache of its own (the mask is asked for on every change of the
 * store): one reader a layer or colour mode, so that reading another does not throw its mask away.
 */
export function valueFilterReader(): (s: ValueInputs) => Uint8Array | null {
  let cached: { data: unknown; modeId: string; reading: ScaleReading; chosen: readonly number[] | undefined; mask: Uint8Array } | null = null;
  return (s) => {
    if (!s.settings.filterByValue || !s.layerData) return null;
    const src = colorSourceOf(s.layerData);
    const mode = resolveColorMode(src, s.settings.colorMode);
    const settings = colorSettingsOf(s.settings, mode.id);
    const reading = mode.reading?.(src, settings);
    if (!reading) return null;
    const chosen = settings.range;
    // the layer's data is replaced whenever its values change (a streamed layer's points, an overlay's confidences)
    if (cached && cached.data === s.layerData && cached.modeId === mode.id && sameReading(cached.reading, reading) && cached.chosen?.[0] === chosen?.[0] && cached.chosen?.[1] === chosen?.[1]) {
      return cached.mask;
    }
    const legend = mode.legend(src, settings);
    if (legend?.kind !== 'scale') return null;
    const mask = inRangeMask(reading, [legend.min, legend.max]);
    cached = { data: s.layerData, modeId: mode.id, reading, chosen, mask };
    return mask;
  };
}

/** 1 for each point of the active layer whose value lies in the legend's range, where the filter is on and the mode shown has a scale; null otherwise. */
export const valueFilterMaskOf = valueFilterReader();
