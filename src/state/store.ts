// The one store. Plain typed data (settings, the shown layer's description, each feature's slice)
// plus the shown layer's arrays, which the test hook and persistence leave out. Features write it
// through the actions here; rendering only reads it.
import { create } from 'zustand';
import { colorModesFor, initialColorMode, resolveColorMode, type ColorLegend, type ColorSettings, type ColorSource, type LabelOverlay } from '../core/color/colorModes';
import { computeBounds, type Bounds } from '../core/geometry/bounds';
import { decodedBytes } from '../core/io/limits';
import type { Origin } from '../core/io/shift';
import type { Octree } from '../core/geometry/octree';
import { findModel, type ModelEntry } from '../core/ml/manifest';
import { drawnBox } from '../core/geometry/wallTurn';
import { asSignedAxis, type SignedAxis } from '../core/geometry/signedAxis';
import type { DeclaredBox, FormatId, Geometry, LabelledBox, LasGrid, LengthUnit, NamedClass, ParseResult, ScalarArray } from '../core/types';
import type { ClassificationView } from './slices/classification';
import type { ExplainPoints, ExplainView } from './slices/explain';
import { INITIAL_GALLERY, type GalleryState, type SamplePrediction } from './slices/gallery';
import { INITIAL_CLIP, type ClipState } from './slices/clip';
import { keptBeforeValueFilterOf } from './clipMask';
import { describePoint } from './describePoint';
import { INITIAL_MEASURE, type MeasureState } from './slices/measure';
import { INITIAL_NOTES, notesWithout, type NotesState } from './slices/notes';
import { INITIAL_PROFILE, type ProfileState } from './slices/profile';
import type { LayerEntry, LayerSettings, ParkedLayer } from './slices/layers';
import { activatePatch, addLayerPatch, pointBudgetsOf, removePatch, type AddOptions, type InPlace } from './layerStack';
import { IDENTITY_TRANSFORM } from '../core/layers/transform';
import { INITIAL_LABELLING, type LabellingData, type LabellingState } from './slices/labelling';
import type { NormalsView } from './slices/normals';
import type { StrayMarks, StrayView } from './slices/stray';
import type { SubsampleView } from './slices/subsample';
import type { VolumeView } from './slices/volume';
import type { MergeView } from './slices/merge';
import type { ExportRunView } from './slices/exportRun';
import type { PlanesView } from './slices/planes';
import type { GroundView } from './slices/ground';
import { namedClusterBoxes, type ClustersView } from './slices/clusters';
import type { RowHighlight } from './slices/rowHighlight';
import type { ComparisonView } from './slices/comparison';
import type { AlignmentView } from './slices/alignment';
import type { SegmentationView } from './slices/segmentation';
import type { Decimation, DetailView } from './slices/detail';
import type { SequenceView } from './slices/sequence';
import { INITIAL_VIEWS, type ViewsState } from './slices/views';
import { DEFAULT_VIEW_SETTINGS, hexToRgb, pointBudgetFor, type ViewSettings } from './viewSettings';
import { sceneClasses } from '../core/ml/sceneClasses';

export type RendererKind = 'webgpu' | 'webgl2';

export type { Bounds };

/** A layer read node by node from a COPC file: what is loaded of it, and what that cost. */
export interface StreamMeta {
  /** points the file's header declares (the layer's `points` are those loaded now) */
  filePoints: number;
  nodes: number;
  loadedNodes: number;
  fileBytes: number;
  /** bytes read from the file so far, every request together */
  fetchedBytes: number;
  /** false where the server ignored range requests and the file came whole */
  ranges: boolean;
  /** every node is held and no more are fetched (loaded whole for recognition) */
  complete: boolean;
}

export interface LayerMeta {
  id: string;
  fileName: string;
  format: FormatId | 'copc';
  kind: 'points' | 'mesh';
  /** points of a cloud, vertices of a mesh */
  points: number;
  /** bytes of the layer's arrays (positions, colours, fields, faces, its octree's index) */
  bytes: number;
  /** faces as the file listed them (0 for a cloud) */
  faces: number;
  triangles: number;
  /** what each point carries besides its position: "rgb", "normal" and field names */
  attributes: string[];
  bounds: Bounds;
  parseMs: number;
  /** what the decoded arrays take in memory (core/io/limits' decodedBytes), against the read budget */
  memoryBytes: number;
  droppedNonFinite: number;
  warnings: string[];
  /** the unit of length the file declares, where it names one */
  unit?: LengthUnit;
  /** the coordinate system the file names, where it names one */
  crs?: string;
  /** its WKT, where the file's own record gave it */
  crsWkt?: string;
  /** the box the file's header declares, in its own coordinates, where it declares one */
  declaredBox?: DeclaredBox;
  /** the scale and offset a LAS file's coordinates are stored with, for a LAS export of its own coordinates */
  lasGrid?: LasGrid;
  /** what the positions (and `bounds`) are relative to, where the file's coordinates lie far from zero */
  origin?: Origin;
  /** which way is up, and how the app knew */
  up: UpDecision;
  /** per-point overlays features attached (their arrays are in `layerData`) */
  overlays: { id: string; label: string }[];
  /** the colour modes this layer offers */
  colorModes: { id: string; label: string }[];
  /** a file larger than the read budget: the layer holds every `every`-th of its `total` points */
  decimated?: Decimation;
  /** for a layer streamed from a COPC file, which nodes are loaded (absent for a file read whole) */
  stream?: StreamMeta;
}

/** The up axis a file was shown with: its sample's, detected from its geometry, its format's usual one, the one it states, or its map coordinates' elevation. */
export interface UpDecision {
  axis: SignedAxis;
  source: 'sample' | 'detected' | 'format' | 'file' | 'map';
  /** false where a person should check it: a detected axis the estimate is unsure of, or a format's usual one the geometry doubts */
  sure?: boolean;
  /** what the geometry said (for a format's up, only where it doubts it): how sure, and from what */
  confidence?: number;
  reason?: string;
}

/** The shown layer's arrays: never copied into React state or the test hook. */
export interface LayerData {
  id: string;
  geometry: Geometry;
  /** per-point overlays attached by features, in the order they came */
  overlays: LabelOverlay[];
  /** bumped whenever an overlay's values change */
  revision: number;
  /** the points that changed at `revision`, or null when any may have */
  changed: Int32Array | null;
  /** shade the mesh flat: its vertex normals cannot be trusted (core/geometry/meshWinding) */
  flatShading: boolean;
  /** a cloud's level of detail: the view draws the nodes in sight, within the point budget */
  octree: Octree | null;
  /** what the positions are relative to (LayerMeta.origin), for values shown in the file's coordinates */
  origin?: Origin;
}

/** What a loader hands the store to show: the rest of a layer's data (overlays, its origin) the store adds. */
type NewLayerData = Omit<LayerData, 'overlays' | 'revision' | 'changed' | 'origin'>;

export interface LoadingState {
  /** which load this is: a later load takes over and an earlier one's answer is dropped */
  id: number;
  fileName: string;
  stage: 'fetching' | 'reading' | 'parsing' | 'preparing';
  /** 0..1 */
  progress: number;
  /** the sample the app opens by itself, not a file of the person's */
  openedByApp?: boolean;
}

/** Everything known about one picked point or vertex. */
export interface PickInfo {
  /** the layer the point belongs to */
  layerId: string;
  index: number;
  position: [number, number, number];
  /** rgb 0..255 from the file */
  color?: [number, number, number];
  normal?: [number, number, number];
  fields: Record<string, number>;
  /** per overlay: the class name and confidence at this point */
  /** `sure` where the model names the confidence from which a point counts as sure */
  overlays: Record<string, { className: string; confidence?: number; sure?: boolean }>;
}

/** A named set of boxes drawn over the current layer (an object's box, detected objects). */
export interface BoxSet {
  id: string;
  title: string;
  boxes: LabelledBox[];
  /** rgb 0..255 by class index (a manifest's class colours); other classes get palette colours */
  classColors?: Record<number, [number, number, number]>;
}

export type ModelsState = { status: 'starting' } | { status: 'ready'; entries: ModelEntry[] } | { status: 'error'; message: string };

export interface AppData {
  settings: ViewSettings;
  renderer: { kind: RendererKind; software: boolean } | null;
  helpOpen: boolean;
  /** bumped by "reset view" so that the camera reframes */
  viewResets: number;
  /** where the camera reframes from: the front (three-quarter) or straight from above */
  viewFrom: 'front' | 'top';
  loading: LoadingState | null;
  error: string | null;
  /** what the person should know of something they did that is no failure (measurements that went with a layer) */
  notice: string | null;
  /** the active layer: the one the panels and tools act on */
  layer: LayerMeta | null;
  /** every layer shown, the active one included, in the order opened */
  layers: LayerEntry[];
  pick: PickInfo | null;
  models: ModelsState;
  classification: ClassificationView | null;
  explain: ExplainView | null;
  segmentation: SegmentationView | null;
  gallery: GalleryState;
  measure: MeasureState;
  /** notes pinned to points of any layer */
  notes: NotesState;
  clip: ClipState;
  profile: ProfileState;
  normals: NormalsView | null;
  comparison: ComparisonView | null;
  alignment: AlignmentView | null;
  stray: StrayView | null;
  subsample: SubsampleView | null;
  volume: VolumeView | null;
  /** the last merge of the visible layers */
  merge: MergeView | null;
  /** the last file the Export panel wrote in its worker, running or ended, on any layer */
  exportRun: ExportRunView | null;
  planes: PlanesView | null;
  clusters: ClustersView | null;
  ground: GroundView | null;
  /** the Planes or Clusters panel's row under the pointer or in focus, whose points the view highlights */
  rowHighlight: RowHighlight | null;
  labelling: LabellingState;
  /** full detail of a decimated layer where the camera is */
  detail: DetailView | null;
  /** a folder of many scans, stepped through one at a time */
  sequence: SequenceView | null;
  /** the scene's saved views and where the camera was last sent */
  views: ViewsState;
}

export interface AppActions {
  updateSettings(patch: Partial<ViewSettings>): void;
  /** starts load `id`, which takes over from any load still running */
  startLoading(id: number, fileName: string, stage: LoadingState['stage'], openedByApp?: boolean): void;
  setProgress(id: number, stage: LoadingState['stage'], progress: number): void;
  /** load `id` is done without a new layer (the shown one was completed) */
  endLoading(id: number): void;
  /** a failed load: the error shows and the layer already shown stays */
  failLoading(id: number, message: string): void;
  /** a problem outside any load (the sample index could not be read, ...) */
  showError(message: string): void;
  dismissError(): void;
  showNotice(message: string): void;
  dismissNotice(): void;
  /** replaces the shown layer and everything that belonged to it; `sampleId` names the bundled sample it is; a `preview` (the first points of a file still loading) keeps the load going */
  showLayer(data: NewLayerData, meta: LayerMeta, settings: Partial<ViewSettings>, sampleId?: string, preview?: boolean, openedByApp?: boolean): void;
  /** adds a layer beside those shown and makes it the active one, with its own colour mode and up axis */
  addLayer(data: NewLayerData, meta: LayerMeta, own: LayerSettings, options?: AddOptions & { preview?: boolean }): void;
  /** makes layer `id` the active one: the panels and tools act on it */
  activateLayer(id: string): void;
  removeLayer(id: string): void;
  /** how layer `id` is drawn (for the active layer's colour mode, `settings.colorMode` is what counts) */
  updateLayer(id: string, patch: Partial<Pick<LayerEntry, 'visible' | 'colorMode' | 'transform'>>): void;
  /**
   * the streamed layer `layerId` now holds other nodes: its points, their octree and what was fetched change, its frame and settings stay;
   * `warnings`, where given, replace the layer's (what the points of the nodes read say grows as they come)
   */
  updateStreamedLayer(layerId: string, geometry: Geometry, octree: Octree, stream: StreamMeta, warnings?: string[]): void;
  /** attaches (or replaces, by id) a per-point overlay; `select` switches the colour mode to it */
  setOverlay(layerId: string, overlay: LabelOverlay, select?: boolean): void;
  /** the overlay's arrays were changed in place at `points` (a label edit, a segmentation growing): the inspected point is read again */
  touchOverlay(layerId: string, points: Int32Array): void;
  setRenderer(renderer: AppData['renderer']): void;
  setPick(pick: PickInfo | null): void;
  setModels(models: ModelsState): void;
  /** a feature's answer: dropped when it is for a layer no longer shown */
  setClassification(view: ClassificationView): void;
  setExplain(view: ExplainView): void;
  /** replaces the named arrays of the explain view (dropped when for a layer no longer shown) */
  setExplainPoints(layerId: string, points: Partial<Omit<ExplainPoints, 'layerId'>>): void;
  setSegmentation(view: SegmentationView): void;
  updateGallery(patch: Partial<GalleryState>): void;
  updateMeasure(patch: Partial<MeasureState>): void;
  updateNotes(patch: Partial<NotesState>): void;
  updateClip(patch: Partial<ClipState>): void;
  updateProfile(patch: Partial<ProfileState>): void;
  setNormalsView(view: NormalsView): void;
  setComparison(view: ComparisonView): void;
  setAlignment(view: AlignmentView): void;
  /** `marks`, where given, replaces which points are stray (dropped when for a layer no longer shown) */
  setStray(view: StrayView, marks?: StrayMarks | null): void;
  setSubsample(view: SubsampleView | null): void;
  setVolume(view: VolumeView): void;
  setMerge(view: MergeView | null): void;
  setExportRun(view: ExportRunView | null): void;
  setPlanes(view: PlanesView): void;
  setClusters(view: ClustersView): void;
  setGround(view: GroundView): void;
  setRowHighlight(highlight: RowHighlight | null): void;
  /** `data`, where given, replaces the labelling's arrays (dropped when for a layer no longer shown) */
  updateLabelling(patch: Partial<LabellingState>, data?: LabellingData | null): void;
  /** gives the layer's points the normals estimated for them */
  attachNormals(layerId: string, normals: Float32Array): void;
  /** gives the layer's points a field computed for them (replacing one of the same name); `classes` names a label field's ids */
  attachField(layerId: string, name: string, values: ScalarArray, classes?: NamedClass[]): void;
  /** takes a scalar field computed for the layer's points away, where it has one */
  detachField(layerId: string, name: string): void;
  /** the classifier's answer on a layer becomes its sample's card prediction, where the layer is a sample */
  recordSamplePrediction(layerId: string, prediction: SamplePrediction): void;
  /** a sample's card prediction, from an evaluation */
  predictSample(sampleId: string, prediction: SamplePrediction): void;
  /** the detail view of the shown layer and, once read, its points (dropped when for a layer no longer shown) */
  setDetail(view: DetailView, data?: LayerData | null): void;
  setSequence(view: SequenceView | null): void;
  updateViews(patch: Partial<ViewsState>): void;
  toggleHelp(open?: boolean): void;
  /** reframes the camera, from the front or from above */
  resetView(from?: AppData['viewFrom']): void;
}

export interface AppState extends AppData, AppActions {
  layerData: LayerData | null;
  explainPoints: ExplainPoints | null;
  /** the layers not active: their arrays and their tools' state */
  parked: Record<string, ParkedLayer>;
  labellingData: LabellingData | null;
  strayMarks: StrayMarks | null;
  /** the detail layer's points: the file read again in full inside a region of a decimated layer */
  detailData: LayerData | null;
}

export const INITIAL_APP_DATA: AppData = {
  settings: DEFAULT_VIEW_SETTINGS,
  renderer: null,
  helpOpen: false,
  viewResets: 0,
  viewFrom: 'front',
  loading: null,
  error: null,
  notice: null,
  layer: null,
  layers: [],
  pick: null,
  models: { status: 'starting' },
  classification: null,
  explain: null,
  segmentation: null,
  gallery: INITIAL_GALLERY,
  measure: INITIAL_MEASURE,
  notes: INITIAL_NOTES,
  clip: INITIAL_CLIP,
  profile: INITIAL_PROFILE,
  normals: null,
  comparison: null,
  alignment: null,
  stray: null,
  subsample: null,
  volume: null,
  merge: null,
  exportRun: null,
  planes: null,
  clusters: null,
  ground: null,
  rowHighlight: null,
  labelling: INITIAL_LABELLING,
  detail: null,
  sequence: null,
  views: INITIAL_VIEWS,
};

export function colorSourceOf(data: Pick<LayerData, 'geometry' | 'overlays' | 'origin'>): ColorSource {
  const g = data.geometry;
  return {
    origin: data.origin,
    positions: g.positions,
    colors: g.colors,
    normals: g.normals,
    fields: g.fields,
    ...(g.fieldClasses && { fieldClasses: g.fieldClasses }),
    overlays: data.overlays,
    mesh: g.kind === 'mesh' ? { indices: g.indices, groups: g.groups } : undefined,
  };
}

function modeList(data: Pick<LayerData, 'geometry' | 'overlays'>): LayerMeta['colorModes'] {
  return colorModesFor(colorSourceOf(data)).map(({ id, label }) => ({ id, label }));
}

/** The store's description of a parsed file. */
export function describeLayer(id: string, fileName: string, result: ParseResult, parseMs: number, up: UpDecision, octree: Octree | null = null, decimated?: Decimation): LayerMeta {
  const g = result.data;
  const arrays = [g.positions, g.colors, g.normals, ...Object.values(g.fields), ...(g.kind === 'mesh' ? [g.indices, g.uvs] : []), octree?.order];
  return {
    id,
    fileName,
    format: result.format,
    kind: g.kind,
    points: g.positions.length / 3,
    bytes: arrays.reduce((n, a) => n + (a?.byteLength ?? 0), 0),
    faces: g.kind === 'mesh' ? g.faceCount : 0,
    triangles: g.kind === 'mesh' ? g.indices.length / 3 : 0,
    attributes: [...(g.colors ? ['rgb'] : []), ...(g.normals ? ['normal'] : []), ...(g.kind === 'mesh' && g.uvs ? ['uv'] : []), ...Object.keys(g.fields)],
    bounds: computeBounds(g.positions),
    parseMs,
    memoryBytes: decodedBytes(g),
    droppedNonFinite: result.droppedNonFinite,
    warnings: result.warnings,
    ...(result.unit && { unit: result.unit }),
    ...(result.crs && { crs: result.crs }),
    ...(result.crsWkt && { crsWkt: result.crsWkt }),
    ...(result.declaredBox && { declaredBox: result.declaredBox }),
    ...(result.lasGrid && { lasGrid: result.lasGrid }),
    ...(result.origin && { origin: result.origin }),
    up,
    overlays: [],
    colorModes: modeList({ geometry: g, overlays: [] }),
    ...(decimated && { decimated }),
  };
}

export interface ShowOptions {
  /** the up axis decided for the file; by default its format's usual one */
  up?: UpDecision;
  flatShading?: boolean;
  /** the bundled sample the file is */
  sampleId?: string;
  /** the cloud's level of detail, built with the parse */
  octree?: Octree | null;
  /** the first points of a file still loading: the load goes on */
  preview?: boolean;
  /** beside the layers shown, instead of replacing them (taking the place of layer `replaces`: a preview, or a layer read in place) */
  add?: { replaces?: string; inPlace?: InPlace };
  /** the sample the app opened by itself */
  openedByApp?: boolean;
  /** a file larger than the read budget, kept decimated */
  decimated?: Decimation;
}

/** Shows a parsed file as layer `id`, in its own colours and with its up axis. */
export function showParseResult(id: string, fileName: string, result: ParseResult, parseMs: number, options: ShowOptions = {}): void {
  const geometry = result.data;
  const up = options.up ?? { axis: asSignedAxis(result.upAxis ?? 'y'), source: 'format' };
  const octree = options.octree ?? null;
  const data = { id, geometry, flatShading: options.flatShading ?? false, octree };
  const meta = describeLayer(id, fileName, result, parseMs, up, octree, options.decimated);
  const colorMode = initialColorMode(colorSourceOf({ geometry, overlays: [] }));
  const store = useAppStore.getState();
  if (options.add) store.addLayer(data, meta, { colorMode, upAxis: up.axis }, { ...options.add, sampleId: options.sampleId, preview: options.preview, openedByApp: options.openedByApp });
  else store.showLayer(data, meta, { colorMode, upAxis: up.axis }, options.sampleId, options.preview, options.openedByApp);
}

/** The active layer's description, in `layer` and in its entry of `layers`. */
function withActiveMeta(s: Pick<AppState, 'layers'>, meta: LayerMeta): Pick<AppState, 'layer' | 'layers'> {
  return { layer: meta, layers: s.layers.map((e) => (e.meta.id === meta.id ? { ...e, meta } : e)) };
}

const forShownLayer = (s: AppState, layerId: string) => s.layer?.id === layerId;

/** A layer's data as it is first shown: no overlays yet, and its meta's origin. */
function freshLayerData(data: NewLayerData, meta: LayerMeta): LayerData {
  return { ...data, overlays: [], revision: 0, changed: null, ...(meta.origin && { origin: meta.origin }) };
}

const NO_DETAIL = { detail: null, detailData: null };

/** A geometry's named classes with field `name`'s set to `classes` (taken away where undefined); undefined where none are left. */
function classesWith(all: Geometry['fieldClasses'], name: string, classes: NamedClass[] | undefined): Geometry['fieldClasses'] {
  const { [name]: _, ...others } = all ?? {};
  const out = classes ? { ...others, [name]: classes } : others;
  return Object.keys(out).length ? out : undefined;
}

/** The inspected point read again from `data` where it is one of that layer's, whose fields or classes have changed: the inspector shows what was computed after the click. */
function pickOn(pick: PickInfo | null, data: LayerData): PickInfo | null {
  return pick?.layerId === data.id ? describePoint(data, pick.index) : pick;
}

export const useAppStore = create<AppState>()((set, get) => ({
  ...INITIAL_APP_DATA,
  layerData: null,
  explainPoints: null,
  parked: {},
  labellingData: null,
  strayMarks: null,
  detailData: null,
  updateSettings: (patch) => set((s) => ({ settings: { ...s.settings, ...patch } })),
  startLoading: (id, fileName, stage, openedByApp) => set({ loading: { id, fileName, stage, progress: 0, ...(openedByApp && { openedByApp }) } }),
  setProgress: (id, stage, progress) => set((s) => (s.loading?.id === id ? { loading: { ...s.loading, stage, progress } } : {})),
  endLoading: (id) => set((s) => (s.loading?.id === id ? { loading: null } : {})),
  failLoading: (id, message) => set((s) => (s.loading?.id === id ? { loading: null, error: message } : {})),
  showError: (message) => set({ error: message }),
  dismissError: () => set({ error: null }),
  showNotice: (message) => set({ notice: message }),
  dismissNotice: () => set({ notice: null }),
  showLayer: (data, meta, settings, sampleId, preview = false, openedByApp = false) =>
    set((s) => ({
      layer: meta,
      layers: [{ meta, visible: true, colorMode: settings.colorMode ?? s.settings.colorMode, upAxis: settings.upAxis ?? s.settings.upAxis, transform: IDENTITY_TRANSFORM, openedByApp }],
      parked: {},
      layerData: freshLayerData(data, meta),
      // a file shown in place of the layers starts with no classes hidden, its colour scales over their full range and no point filtered by value
      settings: { ...s.settings, hiddenLabels: {}, scaleRanges: {}, filterByValue: false, ...settings },
      loading: preview ? s.loading : null,
      error: null,
      notice: null,
      pick: null,
      classification: null,
      explain: null,
      explainPoints: null,
      segmentation: null,
      gallery: { ...s.gallery, shown: sampleId ? { sampleId, layerId: meta.id } : null },
      // measurements belong to the layer they were picked on; the tool in hand stays
      measure: { ...s.measure, current: [], done: [] },
      // notes belong to the layers they were pinned on; the tool in hand stays
      notes: { ...INITIAL_NOTES, adding: s.notes.adding },
      clip: INITIAL_CLIP,
      // the line belongs to the layer it was drawn on; the tool in hand stays
      profile: { ...INITIAL_PROFILE, drawing: s.profile.drawing },
      normals: null,
      comparison: null,
      alignment: null,
      stray: null,
      strayMarks: null,
      subsample: null,
      volume: null,
      merge: null,
      planes: null,
      clusters: null,
      ground: null,
      labelling: INITIAL_LABELLING,
      labellingData: null,
      detail: null,
      detailData: null,
      viewFrom: 'front',
    })),
  addLayer: (data, meta, own, { preview = false, ...options } = {}) =>
    set((s) => ({
      ...addLayerPatch(s, freshLayerData(data, meta), meta, own, options),
      ...NO_DETAIL,
      // a layer read in place of another does not take over its notes, as it does not its measurements
      notes: options.replaces ? notesWithout(s.notes, options.replaces) : s.notes,
      loading: preview ? s.loading : null,
      error: null,
      notice: null,
    })),
  // the detail layer is read for the active layer where the camera rests: it goes when that layer steps down
  activateLayer: (id) => set((s) => ({ ...activatePatch(s, id), ...(id !== s.layer?.id && NO_DETAIL) })),
  removeLayer: (id) => set((s) => ({ ...removePatch(s, id), ...(id === s.layer?.id && NO_DETAIL), notes: notesWithout(s.notes, id) })),
  updateLayer: (id, patch) => set((s) => ({ layers: s.layers.map((e) => (e.meta.id === id ? { ...e, ...patch } : e)) })),
  updateStreamedLayer: (layerId, geometry, octree, stream, warnings) =>
    set((s) => {
      const entry = s.layers.find((e) => e.meta.id === layerId);
      if (!entry) return {};
      const points = geometry.positions.length / 3;
      const bytes = [geometry.positions, geometry.colors, octree.order].reduce((n, a) => n + (a?.byteLength ?? 0), 0);
      const meta = { ...entry.meta, points, bytes, memoryBytes: decodedBytes(geometry), stream, ...(warnings && { warnings }) };
      const layers = s.layers.map((e) => (e === entry ? { ...e, meta } : e));
      const parked = s.parked[layerId];
      if (parked) {
        const data = { ...parked.data, geometry, octree, revision: parked.data.revision + 1, changed: null };
        return { layers, parked: { ...s.parked, [layerId]: { ...parked, data } } };
      }
      if (!s.layerData || s.layerData.id !== layerId) return { layers };
      return { layers, layer: meta, layerData: { ...s.layerData, geometry, octree, revision: s.layerData.revision + 1, changed: null }, pick: null };
    }),
  setOverlay: (layerId, overlay, select = false) => {
    const { layerData, layer } = get();
    if (!layerData || !layer || layerData.id !== layerId) return;
    const points = layerData.geometry.positions.length / 3;
    if (overlay.values.length !== points) throw new Error(`overlay ${overlay.id} has ${overlay.values.length} values for ${points} points`);
    const overlays = [...layerData.overlays.filter((o) => o.id !== overlay.id), overlay];
    const data = { ...layerData, overlays, revision: layerData.revision + 1, changed: null };
    set((s) => ({
      layerData: data,
      ...withActiveMeta(s, { ...layer, overlays: overlays.map(({ id, label }) => ({ id, label })), colorModes: modeList(data) }),
      settings: select ? { ...s.settings, colorMode: `overlay:${overlay.id}` } : s.settings,
      pick: pickOn(s.pick, data),
    }));
  },
  touchOverlay: (layerId, points) =>
    set((s) => {
      if (s.layerData?.id !== layerId) return {};
      const data = { ...s.layerData, revision: s.layerData.revision + 1, changed: points };
      return { layerData: data, pick: pickOn(s.pick, data) };
    }),
  setRenderer: (renderer) => set({ renderer }),
  setPick: (pick) => set({ pick }),
  setModels: (models) => set({ models }),
  setClassification: (view) => set((s) => (forShownLayer(s, view.layerId) ? { classification: view } : {})),
  setExplain: (view) => set((s) => (forShownLayer(s, view.layerId) ? { explain: view } : {})),
  setExplainPoints: (layerId, points) =>
    set((s) => {
      if (!forShownLayer(s, layerId)) return {};
      const base = s.explainPoints?.layerId === layerId ? s.explainPoints : { layerId, critical: null, upperBound: null, saliency: null };
      return { explainPoints: { ...base, ...points } };
    }),
  setSegmentation: (view) => set((s) => (forShownLayer(s, view.layerId) ? { segmentation: view } : {})),
  updateGallery: (patch) => set((s) => ({ gallery: { ...s.gallery, ...patch } })),
  updateMeasure: (patch) => set((s) => ({ measure: { ...s.measure, ...patch } })),
  updateNotes: (patch) => set((s) => ({ notes: { ...s.notes, ...patch } })),
  updateClip: (patch) => set((s) => ({ clip: { ...s.clip, ...patch } })),
  updateProfile: (patch) => set((s) => ({ profile: { ...s.profile, ...patch } })),
  updateLabelling: (patch, data) =>
    set((s) => (data && !forShownLayer(s, data.layerId) ? {} : { labelling: { ...s.labelling, ...patch }, ...(data !== undefined && { labellingData: data }) })),
  setNormalsView: (view) => set((s) => (forShownLayer(s, view.layerId) ? { normals: view } : {})),
  setComparison: (view) => set((s) => (forShownLayer(s, view.layerId) ? { comparison: view } : {})),
  setAlignment: (view) => set((s) => (forShownLayer(s, view.layerId) ? { alignment: view } : {})),
  setStray: (view, marks) => set((s) => (forShownLayer(s, view.layerId) ? { stray: view, ...(marks !== undefined && { strayMarks: marks }) } : {})),
  setSubsample: (subsample) => set({ subsample }),
  setVolume: (view) => set((s) => (forShownLayer(s, view.layerId) ? { volume: view } : {})),
  setMerge: (merge) => set({ merge }),
  setExportRun: (exportRun) => set({ exportRun }),
  setPlanes: (view) => set((s) => (forShownLayer(s, view.layerId) ? { planes: view } : {})),
  setClusters: (view) => set((s) => (forShownLayer(s, view.layerId) ? { clusters: view } : {})),
  setGround: (view) => set((s) => (forShownLayer(s, view.layerId) ? { ground: view } : {})),
  setRowHighlight: (rowHighlight) => set({ rowHighlight }),
  attachNormals: (layerId, normals) => {
    const { layerData, layer } = get();
    if (!layerData || !layer || layerData.id !== layerId) return;
    if (normals.length !== layerData.geometry.positions.length) throw new Error(`${normals.length / 3} normals for ${layer.points} points`);
    const data = { ...layerData, geometry: { ...layerData.geometry, normals }, revision: layerData.revision + 1, changed: null };
    set((s) => ({
      layerData: data,
      ...withActiveMeta(s, { ...layer, attributes: [...new Set([...layer.attributes, 'normal'])], colorModes: modeList(data) }),
    }));
  },
  attachField: (layerId, name, values, classes) => {
    const { layerData, layer } = get();
    if (!layerData || !layer || layerData.id !== layerId) return;
    const g = layerData.geometry;
    if (values.length !== g.positions.length / 3) throw new Error(`${values.length} values for ${layer.points} points`);
    const replaced = g.fields[name]?.byteLength ?? 0;
    // the classes an earlier field of the name stood for are no longer these values'
    const fieldClasses = classesWith(g.fieldClasses, name, classes);
    const data = { ...layerData, geometry: { ...g, fields: { ...g.fields, [name]: values }, fieldClasses }, revision: layerData.revision + 1, changed: null };
    set((s) => ({
      layerData: data,
      ...withActiveMeta(s, { ...layer, bytes: layer.bytes - replaced + values.byteLength, attributes: [...new Set([...layer.attributes, name])], colorModes: modeList(data) }),
      pick: pickOn(s.pick, data),
    }));
  },
  detachField: (layerId, name) => {
    const { layerData, layer } = get();
    if (!layerData || !layer || layerData.id !== layerId || !(name in layerData.geometry.fields)) return;
    const g = layerData.geometry;
    const { [name]: gone, ...fields } = g.fields;
    const data = { ...layerData, geometry: { ...g, fields, fieldClasses: classesWith(g.fieldClasses, name, undefined) }, revision: layerData.revision + 1, changed: null };
    set((s) => ({
      layerData: data,
      ...withActiveMeta(s, { ...layer, bytes: layer.bytes - gone.byteLength, attributes: layer.attributes.filter((a) => a !== name), colorModes: modeList(data) }),
      pick: pickOn(s.pick, data),
    }));
  },
  recordSamplePrediction: (layerId, prediction) => {
    const shown = get().gallery.shown;
    if (shown?.layerId === layerId) get().predictSample(shown.sampleId, prediction);
  },
  predictSample: (sampleId, prediction) => set((s) => ({ gallery: { ...s.gallery, predictions: { ...s.gallery.predictions, [sampleId]: prediction } } })),
  setSequence: (sequence) => set({ sequence }),
  updateViews: (patch) => set((s) => ({ views: { ...s.views, ...patch } })),
  setDetail: (view, data) => set((s) => (forShownLayer(s, view.layerId) ? { detail: view, ...(data !== undefined && { detailData: data }) } : {})),
  toggleHelp: (open) => set((s) => ({ helpOpen: open ?? !s.helpOpen })),
  resetView: (from = 'front') => set((s) => ({ viewResets: s.viewResets + 1, viewFrom: from })),
}));

/** The boxes found in a scene so far, or at the end: the same array until new boxes come. */
export function sceneBoxesOf(s: Pick<AppData, 'segmentation'>): LabelledBox[] | undefined {
  const seg = s.segmentation;
  return seg && (seg.status === 'done' || seg.status === 'running') && seg.boxes.length ? seg.boxes : undefined;
}

/** The boxes drawn over the shown layer: the classified object's, the objects found in a scene, and the named clusters. */
export function boxSetsOf(s: Pick<AppData, 'classification' | 'clusters' | 'layer' | 'models'> & { settings: Pick<ViewSettings, 'boxesSquareToWalls'> }, sceneBoxes: LabelledBox[] | undefined): Record<string, BoxSet> {
  const sets: Record<string, BoxSet> = {};
  const c = s.classification;
  if (c?.status === 'done' && s.layer) {
    const best = c.top[0];
    const label = c.widestM !== undefined ? `not an object (closest: ${best.label})` : c.unknown ? `unknown (closest: ${best.label})` : best.label;
    sets.classification = { id: 'classification', title: 'Classified object', boxes: [{ ...c.box, label, classIndex: best.index, score: best.probability, points: s.layer.points }] };
  }
  if (sceneBoxes) {
    const entry = s.models.status === 'ready' ? findModel(s.models.entries, 'semantic-segmentation') : undefined;
    sets.detections = {
      id: 'detections',
      title: 'Detected objects',
      boxes: s.settings.boxesSquareToWalls ? sceneBoxes.map((b) => drawnBox(b, 'walls')) : sceneBoxes,
      classColors: entry && Object.fromEntries(sceneClasses(entry).map((k, i) => [i, k.color])),
    };
  }
  const clusters = namedClusterBoxes(s.clusters);
  if (clusters.length) sets.clusters = { id: 'clusters', title: 'Named clusters', boxes: clusters };
  return sets;
}

/** The legend of the shown colour mode; with the clip's mask (`keptBeforeValueFilterOf`), its counts and histogram are of the kept points. */
export function legendOf(s: Pick<AppState, 'layerData' | 'settings'>, kept?: Uint8Array | null): ColorLegend | null {
  if (!s.layerData) return null;
  const src = { ...colorSourceOf(s.layerData), kept: kept ?? undefined };
  const mode = resolveColorMode(src, s.settings.colorMode);
  return mode.legend(src, colorSettingsOf(s.settings, mode.id));
}

/** What a colour mode paints with: the view settings, and the range chosen for that mode's scale. */
export function colorSettingsOf(settings: ViewSettings, modeId: string): ColorSettings {
  const { colorMap, uniformColor, upAxis, scaleRanges } = settings;
  return { colorMap, uniformColor: hexToRgb(uniformColor), upAxis, range: scaleRanges[modeId] };
}

/** The shown scale mode's values at `fractions` of the points (the active layer's, in the legend's units); null for a mode without a scale. */
export function scaleQuantilesOf(s: Pick<AppState, 'layerData' | 'settings'>, fractions: readonly number[]): number[] | null {
  if (!s.layerData) return null;
  const src = colorSourceOf(s.layerData);
  const mode = resolveColorMode(src, s.settings.colorMode);
  return mode.quantiles?.(src, colorSettingsOf(s.settings, mode.id), fractions) ?? null;
}

/** The most points of the active layer drawn at once: a cloud over its share of the point budget is drawn through its octree's nodes in view. */
export function displayedPointsOf(s: Pick<AppData, 'layer' | 'layers' | 'renderer' | 'settings'>): number {
  if (!s.layer) return 0;
  if (s.layer.kind === 'mesh') return s.layer.points;
  return Math.min(s.layer.points, pointBudgetsOf(s)[s.layer.id] ?? pointBudgetFor(s.settings.pointBudget, s.renderer));
}

export interface AppSnapshot extends AppData {
  /** what the legend shows */
  legend: ColorLegend | null;
  /** what boxes are drawn */
  boxSets: Record<string, BoxSet>;
  displayedPoints: number;
}

/** The serialisable part of the state, with what is derived from it for display (the e2e test hook returns this). */
export function snapshot(state: AppState): AppSnapshot {
  const data: AppData = { ...INITIAL_APP_DATA };
  for (const key of Object.keys(INITIAL_APP_DATA) as (keyof AppData)[]) (data as unknown as Record<string, unknown>)[key] = state[key];
  return { ...data, legend: legendOf(state, keptBeforeValueFilterOf(state)), boxSets: boxSetsOf(state, sceneBoxesOf(state)), displayedPoints: displayedPointsOf(state) };
}

/** The colour mode shown: the chosen one where the layer offers it, else the layer's own first mode. */
export function effectiveColorMode(s: Pick<AppState, 'layerData' | 'settings'>): string {
  if (!s.layerData) return s.settings.colorMode;
  const src = colorSourceOf(s.layerData);
  return resolveColorMode(src, s.settings.colorMode).id;
}
