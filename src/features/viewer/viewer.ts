// The viewer feature's actions on the shown layer: what a click picks, which renderer runs, and an
// up-axis change, which classifies the object again since the classifier depends on it.
import type { SignedAxis } from '../../core/geometry/signedAxis';
import { useAppStore, type AppData } from '../../state/store';
import { layerDataOf } from '../../state/layerStack';
import { pickableMask } from '../../state/shownMask';
import { describePoint } from '../../state/describePoint';
import { classifyShownLayer } from '../classification/classification';
import { addMeasurePoint, measuring } from '../measure/measure';
import { addingNote, placeNote } from '../notes/notes';
import { addProfilePoint, drawingProfile } from '../profile/profile';

/**
 * The layers a click may pick now, each with its pickable points (`pickableMask`): every visible
 * layer, measuring or not; the active one alone while a profile's line is drawn, since the line is
 * of that layer.
 */
export function pickableLayers(): Record<string, Uint8Array | undefined> {
  const state = useAppStore.getState();
  const out: Record<string, Uint8Array | undefined> = {};
  for (const { meta } of state.layers) {
    if (state.profile.drawing && meta.id !== state.layer?.id) continue;
    const mask = pickableMask(state, meta.id);
    if (mask !== null) out[meta.id] = mask;
  }
  return out;
}

/** The point the person clicked on layer `layerId`, or none: a corner of a profile's line or a measure point while one is drawn, a note's point while one is added, else the inspected one. */
export function pickPoint(layerId: string | null, index: number): void {
  if (drawingProfile()) return addProfilePoint(layerId, index);
  if (measuring()) return addMeasurePoint(layerId, index);
  if (addingNote()) return placeNote(layerId, index);
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
