// The profile feature's slice: the line a height profile is cut along and its corridor's width,
// both of the layer the line was drawn on, in that layer's kept positions (the line moves with the
// layer's transform). The points and their heights are derived (state/profile).

export interface ProfilePoint {
  /** the point of the layer a click snapped to */
  index: number;
  /** in the layer's kept positions (relative to its origin, before its transform) */
  position: [number, number, number];
}

export interface ProfileState {
  /** clicks add corners to the line being drawn, not to a measurement or the inspector */
  drawing: boolean;
  /** the corners of the line being drawn */
  current: ProfilePoint[];
  /** the finished line (two corners or more), the one the profile is of */
  line: ProfilePoint[] | null;
  /** the corridor's width in the layer's units; null: a round number that suits the layer's size */
  width: number | null;
  /** the plot is also shown large, over the lower part of the 3D view */
  enlarged: boolean;
  /** the point under the cursor in the plot, marked in the scene */
  hover: ProfilePoint | null;
}

export const INITIAL_PROFILE: ProfileState = { drawing: false, current: [], line: null, width: null, enlarged: false, hover: null };
