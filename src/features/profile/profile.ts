// The profile feature: while its line is being drawn, a click snaps to the nearest shown point of
// the active layer (the viewer's picking) and adds a corner; Enter, a double-click (a second click
// on the last corner) or the panel's Finish ends the line, and the profile is cut along it. The
// line belongs to the layer it was drawn on and moves with it.
import { profileCsv } from '../../core/io/profileCsv';
import { describePoint } from '../../state/describePoint';
import { layerScaleOf } from '../../state/profile';
import type { ProfilePoint } from '../../state/slices/profile';
import { useAppStore, type LayerData } from '../../state/store';
import { baseName, download } from '../export/exportResults';
import { chooseSelectTool } from '../labelling/labelling';
import { chooseTool } from '../measure/measure';
import { profileCutOf } from './useProfileCut';

/** Whether clicks go to the profile's line rather than a measurement or the inspector. */
export function drawingProfile(): boolean {
  return useAppStore.getState().profile.drawing;
}

/** P and the panel's button: takes up the line (the other tools put down), or puts it down with its corners. */
export function toggleProfileDrawing(on = !drawingProfile()): void {
  const { layer, updateProfile } = useAppStore.getState();
  if (on && !layer) return;
  if (on) {
    chooseTool(null);
    chooseSelectTool(null);
  }
  updateProfile({ drawing: on, current: [] });
}

/** Point `index` of layer `layerId` as the line's next corner; a click on nothing, or on another layer, adds nothing. */
export function addProfilePoint(layerId: string | null, index: number): void {
  const { layerData, profile, updateProfile } = useAppStore.getState();
  if (!profile.drawing || !layerData || layerId !== layerData.id || index < 0) return;
  // a double-click lands twice on the same point: the second finishes the line
  if (profile.current.at(-1)?.index === index) return finishProfile();
  updateProfile({ current: [...profile.current, profilePointOf(layerData, index)] });
}

function profilePointOf(data: LayerData, index: number): ProfilePoint {
  const p = data.geometry.positions;
  return { index, position: [p[index * 3], p[index * 3 + 1], p[index * 3 + 2]] };
}

/** Enter: the line drawn becomes the profile's, where it has two corners or more. */
export function finishProfile(): void {
  const { profile, updateProfile } = useAppStore.getState();
  if (profile.current.length >= 2) updateProfile({ drawing: false, line: profile.current, current: [] });
}

/** Backspace: takes back the last corner. */
export function undoProfilePoint(): void {
  const { profile, updateProfile } = useAppStore.getState();
  updateProfile({ current: profile.current.slice(0, -1) });
}

/** Escape: drops the corners drawn, or, with none, puts the line down; false where it was not in hand. */
export function cancelProfile(): boolean {
  const { profile, updateProfile } = useAppStore.getState();
  if (!profile.drawing) return false;
  updateProfile(profile.current.length ? { current: [] } : { drawing: false });
  return true;
}

/** The panel's Clear: the line goes, and the large plot of it with it (the next line would open it unasked). */
export function clearProfile(): void {
  useAppStore.getState().updateProfile({ line: null, hover: null, enlarged: false });
}

/** The panel's Enlarge: the plot also shown large over the 3D view, or not. */
export function enlargeProfile(on: boolean): void {
  useAppStore.getState().updateProfile({ enlarged: on });
}

/** Escape: closes the large plot; false where it was not open. */
export function closeEnlargedProfile(): boolean {
  if (!useAppStore.getState().profile.enlarged) return false;
  enlargeProfile(false);
  return true;
}

/** A point of the active layer hovered in the plot, marked in the scene; null: none. */
export function hoverProfilePoint(index: number | null): void {
  const { layerData, profile, updateProfile } = useAppStore.getState();
  const hover = index === null || !layerData ? null : profilePointOf(layerData, index);
  if (hover?.index !== profile.hover?.index) updateProfile({ hover });
}

/** A point of the active layer clicked in the plot: the inspector shows it, as a click on it in the scene does. */
export function inspectProfilePoint(index: number): void {
  const { layerData, setPick } = useAppStore.getState();
  if (layerData && index >= 0 && index < layerData.geometry.positions.length / 3) setPick(describePoint(layerData, index));
}

/** The corridor's width as typed, as the layer is drawn (kept in the layer's own units, so that it scales with it); null gives back the one that suits the layer. */
export function setProfileWidth(width: number | null): void {
  const s = useAppStore.getState();
  s.updateProfile({ width: width === null ? null : width / layerScaleOf(s) });
}

/** The profile's points as CSV, in order along the line, named after the file. */
export function exportProfileCsv(): void {
  const s = useAppStore.getState();
  const profile = profileCutOf(s).result;
  if (!s.layer || !s.layerData || !profile || 'error' in profile) return;
  download(profileCsv(profile, s.layerData.geometry, s.layer.origin), 'text/csv', `${baseName(s.layer.fileName)}.profile.csv`);
}
