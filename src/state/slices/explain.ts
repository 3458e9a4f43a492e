// The "see inside the model" feature's slice: what it shows over the classified object. The points
// themselves are arrays (the store's `explainPoints`, outside the plain data).

/** Something the explain view computes when first asked for, then shows or hides. */
export type ComputedView<T> =
  | { status: 'off' }
  | { status: 'running' }
  | ({ status: 'shown' | 'hidden'; ms: number } & T)
  | { status: 'error'; message: string };

export interface UpperBoundFacts {
  points: number;
  grid: number;
}

export interface SaliencyFacts {
  /** the class whose probability each drop is scored by */
  label: string;
  probability: number;
  neighbours: number;
  /** the largest |score|: the ends of the colour scale */
  bound: number;
}

export type UpperBoundView = ComputedView<UpperBoundFacts>;
export type SaliencyView = ComputedView<SaliencyFacts>;

export interface ExplainView {
  layerId: string;
  /** the classification's critical set: how many of the points it sampled win a channel of the global max */
  critical: { count: number; sampled: number } | null;
  showCritical: boolean;
  upperBound: UpperBoundView;
  saliency: SaliencyView;
  probe: ProbeView | null;
}

/** The arrays behind an ExplainView, packed xyz in the layer's frame. */
export interface ExplainPoints {
  layerId: string;
  critical: Float32Array | null;
  upperBound: Float32Array | null;
  saliency: { positions: Float32Array; scores: Float32Array } | null;
}

/** The robustness probe: one kind of change at a time, its slider's value and what the model says. */
export interface ProbeView {
  layerId: string;
  kind: string;
  value: number;
  /** the class the curve follows: the unprobed object's top-1 */
  followed: string | null;
  /** the prediction at `at.value` (the last value the worker answered for) */
  at: { value: number; label: string; probability: number; followedProbability: number } | null;
  curve: { status: 'running' } | { status: 'done'; points: { value: number; probability: number; label: string }[] } | { status: 'error'; message: string } | null;
}
