// The viewer feature's actions on the shown layer: what a click picks, which renderer runs, and an
// up-axis change, which classifies the object again since the classifier depends on it.
import { resolveColorMode, visibleMask } from '../../core/color/colorModes';
import type { SignedAxis } from '../../core/geometry/signedAxis';
import { colorSourceOf, useAppStore, type AppData } from '../../state/store';
import { clipMaskOf } from '../../state/clipMask';
import { describePoint } from '../../state/describePoint';
import { classifyShownLayer } from '../classification/classification';
import { addMeasurePoint, measuring } from '../measure/measure';

/** Points the legend hides or the clip cuts away are not pickable: 1 for each point that can be picked, or undefined when all can. */
export function pickableMask(): Uint8Array | undefined {
  const state = useAppStore.getState();
  const { layerData, settings } = state;
  if (!layerData) return undefined;
  const src = colorSourceOf(layerData);
  const mode = resolveColorMode(src, settings.colorMode);
  const hidden = settings.hiddenLabels[mode.id];
  const shown = visibleMask(mode, src, new Set(Array.isArray(hidden) ? hidden : []));
  const kept = clipMaskOf(state);
  if (!shown || !kept) return shown ?? kept ?? undefined;
  return shown.map((v, i) => v & kept[i]);
}

/** The point the person clicked, or none (-1): a measure point while a measure tool is in hand, else the inspected one. */
export function pickPoint(index: number): void {
  if (measuring()) return addMeasurePoint(index);
  const { layerData, setPick } = useAppStore.getState();
  setPick(index >= 0 && layerData ? describePoint(layerData, index) : null);
}

export function setRenderer(renderer: AppData['renderer']): void {
  useAppStore.getState().setRenderer(renderer);
}

export function setUpAxis(upAxis: SignedAxis): void {
  const { updateSettings, classification } = useAppStore.getState();
  updateSettings({ upAxis });
  if (classification?.status === 'done') void classifyShownLayer();
}
