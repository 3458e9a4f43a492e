// The "see inside the model" feature's slice: what it shows over the classified object. The points
// themselves are arrays (the store's `explainPoints`, outside the plain data).

export type UpperBoundView =
  | { status: 'off' }
  | { status: 'running' }
  | { status: 'shown'; points: number; grid: number; ms: number }
  | { status: 'hidden'; points: number; grid: number; ms: number }
  | { status: 'error'; message: string };

export interface ExplainView {
  layerId: string;
  /** the classification's critical set: how many of the points it sampled win a channel of the global max */
  critical: { count: number; sampled: number } | null;
  showCritical: boolean;
  upperBound: UpperBoundView;
}

/** The arrays behind an ExplainView, packed xyz in the layer's frame. */
export interface ExplainPoints {
  layerId: string;
  critical: Float32Array | null;
  upperBound: Float32Array | null;
}
