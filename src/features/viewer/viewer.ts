// The viewer feature's actions on the shown layer: what a click picks, which renderer runs, and an
// up-axis change, which classifies the object again since the classifier depends on it.
import { resolveColorMode, visibleMask } from '../../core/color/colorModes';
import type { SignedAxis } from '../../core/geometry/signedAxis';
import { colorSourceOf, useAppStore, type AppData, type LayerData } from '../../state/store';
import { layerDataOf, layerSettings } from '../../state/layerStack';
import { clipMaskOf } from '../../state/clipMask';
import { describePoint } from '../../state/describePoint';
import { classifyShownLayer } from '../classification/classification';
import { addMeasurePoint, measuring } from '../measure/measure';

/** Points of `data` shown in colour mode `mode`: those whose label the legend hides are not; undefined when all are. */
function labelsShown(data: LayerData, mode: string, hiddenLabels: Record<string, number[]>): Uint8Array | undefined {
  const src = colorSourceOf(data);
  const resolved = resolveColorMode(src, mode);
  const hidden = hiddenLabels[resolved.id];
  return visibleMask(resolved, src, new Set(Array.isArray(hidden) ? hidden : [])) ?? undefined;
}

/**
 * The points of visible layer `id` that can be picked or selected (1) or not (0), undefined where
 * all can, or null where the layer is hidden or gone: the legend's hidden labels and, on the active
 * layer, what the clip cuts away are not.
 */
export function pickableMask(id: string): Uint8Array | undefined | null {
  const state = useAppStore.getState();
  const entry = state.layers.find((e) => e.meta.id === id);
  const data = layerDataOf(state, id);
  if (!entry?.visible || !data) return null;
  const shown = labelsShown(data, layerSettings(state, id).colorMode, state.settings.hiddenLabels);
  const kept = id === state.layer?.id ? clipMaskOf(state) : null;
  return shown && kept ? shown.map((v, i) => v & kept[i]) : (shown ?? kept ?? undefined);
}

/** The layers a click may pick now, each with its pickable points (`pickableMask`): every visible layer, measuring or not. */
export function pickableLayers(): Record<string, Uint8Array | undefined> {
  const state = useAppStore.getState();
  const out: Record<string, Uint8Array | undefined> = {};
  for (const { meta } of state.layers) {
    const mask = pickableMask(meta.id);
    if (mask !== null) out[meta.id] = mask;
  }
  return out;
}

/** The point the person clicked on layer `layerId`, or none: a measure point while a measure tool is in hand, else the inspected one. */
export function pickPoint(layerId: string | null, index: number): void {
  if (measuring()) return addMeasurePoint(layerId, index);
  const state = useAppStore.getState();
  const data = layerId === null ? null : layerDataOf(state, layerId);
  state.setPick(index >= 0 && data ? describePoint(data, index) : null);
}

export function setRenderer(renderer: AppData['renderer']): void {
  useAppStore.getState().setRenderer(renderer);
}

export function setUpAxis(upAxis: SignedAxis): void {
  const { updateSettings, classification } = useAppStore.getState();
  updateSettings({ upAxis });
  if (classification?.status === 'done') void classifyShownLayer();
}
