// The gallery's own state: which samples are shown, what the classifier said about each and how a
// whole evaluation is going. Apart from the viewer store because it outlives the shown file.
import { create } from 'zustand';

export interface SamplePrediction {
  label: string;
  probability: number;
}

export type EvaluationState =
  | { status: 'idle' }
  | { status: 'running'; ids: string[]; done: number }
  | { status: 'done'; ids: string[]; ms: number }
  | { status: 'error' | 'cancelled'; ids: string[]; done: number; message: string };

export interface GalleryData {
  open: boolean;
  /** '' shows every dataset / class */
  dataset: string;
  label: string;
  /** top-1 class per sample id, from loading the sample or from an evaluation */
  predictions: Record<string, SamplePrediction>;
  evaluation: EvaluationState;
  /** the sample the shown layer came from */
  shown: { sampleId: string; layerId: string } | null;
}

export interface GalleryActions {
  toggle(open?: boolean): void;
  filter(patch: Partial<Pick<GalleryData, 'dataset' | 'label'>>): void;
  predict(sampleId: string, prediction: SamplePrediction): void;
  setEvaluation(evaluation: EvaluationState): void;
  setShown(shown: GalleryData['shown']): void;
}

export const INITIAL_GALLERY: GalleryData = { open: false, dataset: '', label: '', predictions: {}, evaluation: { status: 'idle' }, shown: null };

export const useGalleryStore = create<GalleryData & GalleryActions>()((set) => ({
  ...INITIAL_GALLERY,
  toggle: (open) => set((s) => ({ open: open ?? !s.open })),
  filter: (patch) => set(patch),
  predict: (sampleId, prediction) => set((s) => ({ predictions: { ...s.predictions, [sampleId]: prediction } })),
  setEvaluation: (evaluation) => set({ evaluation }),
  setShown: (shown) => set({ shown }),
}));
