// The gallery feature's slice: which samples are shown, what the classifier said about each and how
// a whole evaluation is going. It outlives the shown file.
export interface SamplePrediction {
  /** the best class, or "unknown" where the shape looks like none of the served classes */
  label: string;
  probability: number;
  /** for an unknown shape: the closest class */
  closest?: string;
}

/** The gallery's filters: '' is every dataset / class. */
export interface GallerySelection {
  dataset: string;
  label: string;
}

export type EvaluationState =
  | { status: 'idle' }
  | { status: 'running'; ids: string[]; done: number; cancelling?: boolean }
  /** `selection`: the filters the evaluated objects were chosen by, which may since have changed */
  | { status: 'done'; ids: string[]; ms: number; selection: GallerySelection }
  | { status: 'error' | 'cancelled'; ids: string[]; done: number; message: string };

export interface GalleryState extends GallerySelection {
  open: boolean;
  /** top-1 class per sample id, from loading the sample or from an evaluation */
  predictions: Record<string, SamplePrediction>;
  evaluation: EvaluationState;
  /** the sample the shown layer came from */
  shown: { sampleId: string; layerId: string } | null;
}

export const INITIAL_GALLERY: GalleryState = { open: false, dataset: '', label: '', predictions: {}, evaluation: { status: 'idle' }, shown: null };
