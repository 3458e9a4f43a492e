// The one store: plain serialisable data only (settings, what the current layer is, progress,
// errors, results). Typed arrays live in the layer registry (layerRegistry.ts), keyed by layer id.
import { create } from 'zustand';
import type { ColorLegend } from '../core/color/colorModes';
import type { Bounds } from '../core/geometry/bounds';
import type { FormatId, LabelledBox, UpAxis } from '../core/types';
import { DEFAULT_VIEW_SETTINGS, type ViewSettings } from './viewSettings';

export type RendererKind = 'webgpu' | 'webgl2';

export type { Bounds };

export interface LayerMeta {
  id: string;
  fileName: string;
  format: FormatId;
  kind: 'points' | 'mesh';
  /** points of a cloud, vertices of a mesh */
  points: number;
  /** faces as the file listed them (0 for a cloud) */
  faces: number;
  triangles: number;
  /** what each point carries besides its position: "rgb", "normal" and field names */
  attributes: string[];
  bounds: Bounds;
  parseMs: number;
  droppedNonFinite: number;
  warnings: string[];
  upAxis?: UpAxis;
  /** points drawn; fewer than `points` where a big cloud is decimated for display */
  displayedPoints: number;
  /** per-point overlays features attached (their arrays are in the layer registry) */
  overlays: { id: string; label: string }[];
  /** the colour modes this layer offers */
  colorModes: { id: string; label: string }[];
}

export interface LoadingState {
  fileName: string;
  stage: 'fetching' | 'reading' | 'parsing' | 'preparing';
  /** 0..1 */
  progress: number;
}

/** Everything known about one picked point or vertex. */
export interface PickInfo {
  index: number;
  position: [number, number, number];
  /** rgb 0..255 from the file */
  color?: [number, number, number];
  normal?: [number, number, number];
  fields: Record<string, number>;
  /** per overlay: the class name and confidence at this point */
  overlays: Record<string, { className: string; confidence?: number }>;
}

/** A named set of boxes drawn over the current layer (an object's box, detected objects). */
export interface BoxSet {
  id: string;
  title: string;
  boxes: LabelledBox[];
  /** rgb 0..255 by class index (a manifest's class colours); other classes get palette colours */
  classColors?: Record<number, [number, number, number]>;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface ViewerData {
  settings: ViewSettings;
  layer: LayerMeta | null;
  loading: LoadingState | null;
  error: string | null;
  renderer: { kind: RendererKind; software: boolean } | null;
  pick: PickInfo | null;
  legend: ColorLegend | null;
  boxSets: Record<string, BoxSet>;
  /** a feature's result for the current layer (classification top-5, ...), by feature id */
  results: Record<string, JsonValue>;
  helpOpen: boolean;
  /** bumped by "reset view" so that the camera reframes */
  viewResets: number;
}

export interface ViewerActions {
  updateSettings(patch: Partial<ViewSettings>): void;
  startLoading(fileName: string, stage: LoadingState['stage']): void;
  setProgress(stage: LoadingState['stage'], progress: number): void;
  /** replaces the current layer; clears everything that belonged to the previous one */
  showLayer(layer: LayerMeta, settings: Partial<ViewSettings>): void;
  patchLayer(id: string, patch: Partial<Pick<LayerMeta, 'overlays' | 'colorModes' | 'displayedPoints'>>): void;
  /** a failed load: the error shows and the layer already shown stays */
  failLoading(message: string): void;
  dismissError(): void;
  setRenderer(renderer: ViewerData['renderer']): void;
  setPick(pick: PickInfo | null): void;
  setLegend(legend: ColorLegend | null): void;
  setBoxSet(set: BoxSet): void;
  setResult(featureId: string, result: JsonValue): void;
  toggleHelp(open?: boolean): void;
  resetView(): void;
}

export type ViewerState = ViewerData & ViewerActions;

export const INITIAL_VIEWER_DATA: ViewerData = {
  settings: DEFAULT_VIEW_SETTINGS,
  layer: null,
  loading: null,
  error: null,
  renderer: null,
  pick: null,
  legend: null,
  boxSets: {},
  results: {},
  helpOpen: false,
  viewResets: 0,
};

export const useViewerStore = create<ViewerState>()((set) => ({
  ...INITIAL_VIEWER_DATA,
  updateSettings: (patch) => set((s) => ({ settings: { ...s.settings, ...patch } })),
  startLoading: (fileName, stage) => set({ loading: { fileName, stage, progress: 0 } }),
  setProgress: (stage, progress) => set((s) => (s.loading ? { loading: { ...s.loading, stage, progress } } : {})),
  showLayer: (layer, settings) =>
    set((s) => ({
      layer,
      settings: { ...s.settings, ...settings },
      loading: null,
      error: null,
      pick: null,
      legend: null,
      boxSets: {},
      results: {},
    })),
  patchLayer: (id, patch) => set((s) => (s.layer?.id === id ? { layer: { ...s.layer, ...patch } } : {})),
  failLoading: (message) => set({ loading: null, error: message }),
  dismissError: () => set({ error: null }),
  setRenderer: (renderer) => set({ renderer }),
  setPick: (pick) => set({ pick }),
  setLegend: (legend) => set({ legend }),
  setBoxSet: (boxSet) => set((s) => ({ boxSets: { ...s.boxSets, [boxSet.id]: boxSet } })),
  setResult: (featureId, result) => set((s) => ({ results: { ...s.results, [featureId]: result } })),
  toggleHelp: (open) => set((s) => ({ helpOpen: open ?? !s.helpOpen })),
  resetView: () => set((s) => ({ viewResets: s.viewResets + 1 })),
}));

/** The serialisable part of the state (no functions): what the e2e test hook returns. */
export function snapshot(state: ViewerState): ViewerData {
  const { settings, layer, loading, error, renderer, pick, legend, boxSets, results, helpOpen, viewResets } = state;
  return { settings, layer, loading, error, renderer, pick, legend, boxSets, results, helpOpen, viewResets };
}
