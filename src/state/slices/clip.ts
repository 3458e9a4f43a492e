// The clip feature's slice: a box that keeps what is inside (or outside) it and a horizontal
// section, both in the shown layer's own frame. The mask they give is derived (state/clipMask).
import type { ClipBox } from '../../core/geometry/clip';

export interface ClipState {
  box: ClipBox | null;
  /** points at or below this height along the up axis are kept; null: no section */
  section: number | null;
}

export const INITIAL_CLIP: ClipState = { box: null, section: null };
