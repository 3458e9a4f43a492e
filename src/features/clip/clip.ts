// The clip feature: a box to keep what lies inside (or outside) it, moved and resized by its
// handles in the scene, and a horizontal section that takes away what lies above a height (a
// room's ceiling). Both belong to the shown layer; its mask hides points from the view, picking
// and the labelled-PLY export.
import type { ClipBox, ClipKeep } from '../../core/geometry/clip';
import { axisIndex, axisSign, type SignedAxis } from '../../core/geometry/signedAxis';
import { useAppStore, type LayerMeta } from '../../state/store';

/** A new box takes the middle of the layer: this share of its extent on each axis. */
const NEW_BOX_SHARE = 0.6;
/** A new section cuts at this share of the height: a room keeps its furniture, loses its ceiling. */
const NEW_SECTION_SHARE = 0.6;

/** The range of heights along the up axis the layer spans: the section slider's range. */
export function heightRange(layer: LayerMeta | null, up: SignedAxis): { low: number; high: number } | null {
  if (!layer) return null;
  const u = axisIndex(up);
  const s = axisSign(up);
  const [a, b] = [s * layer.bounds.min[u], s * layer.bounds.max[u]];
  return { low: Math.min(a, b), high: Math.max(a, b) };
}

export function toggleClipBox(on = useAppStore.getState().clip.box === null): void {
  const { layer, updateClip } = useAppStore.getState();
  if (!layer) return;
  if (!on) return updateClip({ box: null });
  const { min, max } = layer.bounds;
  const center = [0, 1, 2].map((k) => (min[k] + max[k]) / 2) as [number, number, number];
  const size = [0, 1, 2].map((k) => (max[k] - min[k]) * NEW_BOX_SHARE) as [number, number, number];
  updateClip({ box: { center, size, keep: 'inside' } });
}

/** The box as its handles left it. */
export function setClipBox(box: ClipBox): void {
  useAppStore.getState().updateClip({ box });
}

export function setClipKeep(keep: ClipKeep): void {
  const { clip, updateClip } = useAppStore.getState();
  if (clip.box) updateClip({ box: { ...clip.box, keep } });
}

export function toggleSection(on = useAppStore.getState().clip.section === null): void {
  const { layer, settings } = useAppStore.getState();
  const range = heightRange(layer, settings.upAxis);
  if (!range) return;
  useAppStore.getState().updateClip({ section: on ? range.low + (range.high - range.low) * NEW_SECTION_SHARE : null });
}

export function setSectionHeight(height: number): void {
  useAppStore.getState().updateClip({ section: height });
}

/** T: the camera straight above the layer. */
export function viewFromAbove(): void {
  useAppStore.getState().resetView('top');
}
