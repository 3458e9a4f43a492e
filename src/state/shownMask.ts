// Which points of a layer a person can see, and so pick, select, cut a profile through or see
// marked as stray: those whose label the legend does not hide and, on the active layer, those the
// clip keeps that are not hidden stray points.
import { resolveColorMode, visibleMask } from '../core/color/colorModes';
import { keptMaskOf } from './clipMask';
import { layerDataOf, layerSettings } from './layerStack';
import { useShallow } from 'zustand/react/shallow';
import { colorSourceOf, useAppStore, type AppState, type LayerData } from './store';

/** Points of `data` shown in colour mode `mode`: those whose label the legend hides are not; undefined when all are. */
function labelsShown(data: LayerData, mode: string, hiddenLabels: Record<string, number[]>): Uint8Array | undefined {
  const src = colorSourceOf(data);
  const resolved = resolveColorMode(src, mode);
  const hidden = hiddenLabels[resolved.id];
  return visibleMask(resolved, src, new Set(Array.isArray(hidden) ? hidden : [])) ?? undefined;
}

export type MaskInputs = Pick<AppState, 'layer' | 'layers' | 'layerData' | 'parked' | 'settings' | 'clip' | 'stray' | 'strayMarks'>;

/** What decides which points are shown, as one object that changes only when one of them does. */
export function useMaskInputs(): MaskInputs {
  return useAppStore(
    useShallow(({ layer, layers, layerData, parked, settings, clip, stray, strayMarks }) => ({ layer, layers, layerData, parked, settings, clip, stray, strayMarks })),
  );
}

/** The points of layer `id` the legend and (on the active layer) the clip and hidden stray points leave shown (1) or not (0); undefined where all are, null where the layer is gone. */
export function shownMask(state: MaskInputs, id: string): Uint8Array | undefined | null {
  const data = layerDataOf(state, id);
  if (!data) return null;
  const shown = labelsShown(data, layerSettings(state, id).colorMode, state.settings.hiddenLabels);
  const kept = id === state.layer?.id ? keptMaskOf(state) : null;
  return shown && kept ? shown.map((v, i) => v & kept[i]) : (shown ?? kept ?? undefined);
}

/**
 * The points of visible layer `id` that can be picked or selected (1) or not (0), undefined where
 * all can, or null where the layer is hidden or gone.
 */
export function pickableMask(state: MaskInputs, id: string): Uint8Array | undefined | null {
  return state.layers.find((e) => e.meta.id === id)?.visible ? shownMask(state, id) : null;
}

/**
 * The active layer's stray points the scene marks: those found, while they are shown, on a visible
 * layer, that the clip and the legend leave shown (a mark over a point that is not drawn would
 * float in the view); null where none are marked.
 */
export function markedStrayOf(state: MaskInputs): Uint32Array | null {
  const { stray: view, strayMarks: marks, layer } = state;
  if (!layer || view?.status !== 'done' || view.hidden || !view.count || !marks) return null;
  // searched on other points (a streamed layer's that changed since): they mark none of these
  if (marks.positions !== state.layerData?.geometry.positions) return null;
  const shown = pickableMask(state, layer.id);
  if (shown === null) return null;
  const { stray } = marks;
  let n = 0;
  for (let i = 0; i < stray.length; i++) if (stray[i] && (!shown || shown[i])) n++;
  if (!n) return null;
  const marked = new Uint32Array(n);
  for (let i = 0, k = 0; i < stray.length; i++) if (stray[i] && (!shown || shown[i])) marked[k++] = i;
  return marked;
}
