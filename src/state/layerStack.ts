// How the active layer changes hands: the store's patches for adding, activating and removing a
// layer. The layer that steps down takes its arrays and its tools' state (classification,
// segmentation, explain, clip, normals, comparison, alignment, stray points, planes, clusters, ground, volume, its height profile, measurements, corrected labels, the sample it is) into `parked`, and the one that steps up gets
// its own back, so every tool always acts on the active layer alone. A run still going on the layer
// that steps down is stopped by its feature (or its answer dropped, as it names a layer no longer
// active), so what is parked forgets it.
import { fitsSameView } from '../core/geometry/bounds';
import { shareBudget } from '../core/layers/pointBudget';
import { IDENTITY_TRANSFORM } from '../core/layers/transform';
import { INITIAL_CLIP } from './slices/clip';
import { INITIAL_LABELLING } from './slices/labelling';
import { INITIAL_PROFILE } from './slices/profile';
import type { ExplainView } from './slices/explain';
import type { LayerEntry, LayerFeatures, LayerSettings, ParkedLayer } from './slices/layers';
import type { MeasurePoint, Measurement } from './slices/measure';
import type { AppState, LayerData, LayerMeta } from './store';
import { pointBudgetFor } from './viewSettings';

export const FRESH_FEATURES: LayerFeatures = {
  classification: null,
  explain: null,
  explainPoints: null,
  segmentation: null,
  clip: INITIAL_CLIP,
  normals: null,
  comparison: null,
  alignment: null,
  profile: INITIAL_PROFILE,
  stray: null,
  strayMarks: null,
  planes: null,
  clusters: null,
  ground: null,
  volume: null,
  measured: [],
  sample: null,
  labelling: INITIAL_LABELLING,
  labellingData: null,
};

type Stack = Pick<AppState, 'layer' | 'layerData' | 'layers' | 'parked' | 'settings' | 'pick' | 'gallery' | 'measure' | Exclude<keyof LayerFeatures, 'measured' | 'sample'>>;

function settledExplain(e: ExplainView | null): ExplainView | null {
  if (!e) return null;
  const off = { status: 'off' } as const;
  return {
    ...e,
    upperBound: e.upperBound.status === 'running' ? off : e.upperBound,
    saliency: e.saliency.status === 'running' ? off : e.saliency,
    probe: e.probe?.curve?.status === 'running' ? null : e.probe,
  };
}

/** The active layer's tools' state, without the runs that stop when it steps down. */
function activeFeatures(s: Stack): LayerFeatures {
  return {
    classification: s.classification?.status === 'running' ? null : s.classification,
    explain: settledExplain(s.explain),
    explainPoints: s.explainPoints,
    segmentation: s.segmentation?.status === 'running' ? null : s.segmentation,
    clip: s.clip,
    normals: s.normals?.status === 'running' ? null : s.normals,
    // a measurement stopped by the layer stepping down says so when it steps up again
    comparison: s.comparison?.status === 'running' ? { status: 'error', layerId: s.comparison.layerId, reference: s.comparison.reference, message: 'stopped when another layer was made active: measure again.' } : s.comparison,
    alignment: s.alignment?.status === 'running' ? { status: 'error', layerId: s.alignment.layerId, reference: s.alignment.reference, message: 'stopped when another layer was made active: align again.' } : s.alignment,
    profile: { ...s.profile, drawing: false, current: [], hover: null },
    // a search stopped by the layer stepping down is started again from the panel
    stray: s.stray?.status === 'running' ? null : s.stray,
    strayMarks: s.strayMarks,
    // as a stray point search, a plane search stopped by the layer stepping down is started again from the panel
    planes: s.planes?.status === 'running' ? null : s.planes,
    // a naming stopped by the layer stepping down is started again from the panel
    clusters: s.clusters?.status === 'running' ? null : s.clusters?.status === 'done' && s.clusters.naming?.status === 'running' ? { ...s.clusters, naming: undefined } : s.clusters,
    // as a plane search, a ground search stopped by the layer stepping down is started again from the panel
    ground: s.ground?.status === 'running' ? null : s.ground,
    // a volume stopped by the layer stepping down is computed again from the panel
    volume: s.volume?.status === 'running' ? null : s.volume,
    measured: s.measure.done,
    sample: s.gallery.shown,
    labelling: { ...s.labelling, tool: null },
    labellingData: s.labellingData,
  };
}

function featurePatch(s: Stack, f: LayerFeatures): Partial<AppState> {
  const { measured, sample, ...rest } = f;
  return { ...rest, measure: { ...s.measure, current: [], done: measured }, gallery: { ...s.gallery, shown: sample } };
}

const onLayer = (id: string) => (points: readonly MeasurePoint[]) => points.some((p) => p.layerId === id);

/** The finished measurements of every layer, the active one's and those parked with the others. */
export function measurementCount(s: Pick<AppState, 'measure' | 'parked'>): number {
  return Object.values(s.parked).reduce((n, p) => n + p.features.measured.length, s.measure.done.length);
}

/**
 * The measurements of every layer, and the one in hand, less those with a point on layer `id`,
 * which is gone: a measurement joins points of any layers, and cannot stand without one of them.
 */
function measurementsWithout(s: Pick<Stack, 'measure'>, parked: Record<string, ParkedLayer>, id: string): Pick<AppState, 'parked' | 'measure'> {
  const touches = onLayer(id);
  const keep = (done: Measurement[]) => (done.some((m) => touches(m.points)) ? done.filter((m) => !touches(m.points)) : done);
  return {
    parked: Object.fromEntries(Object.entries(parked).map(([k, p]) => [k, { ...p, features: { ...p.features, measured: keep(p.features.measured) } }])),
    measure: { ...s.measure, done: keep(s.measure.done), current: touches(s.measure.current) ? [] : s.measure.current },
  };
}

/** The active layer parked beside the others (its colour mode and up axis kept in its entry). */
function parkActive(s: Stack): Pick<AppState, 'layers' | 'parked'> {
  const { layer, layerData } = s;
  if (!layer || !layerData) return { layers: s.layers, parked: s.parked };
  return {
    layers: s.layers.map((e) => (e.meta.id === layer.id ? { ...e, meta: layer, colorMode: s.settings.colorMode, upAxis: s.settings.upAxis } : e)),
    parked: { ...s.parked, [layer.id]: { data: layerData, features: activeFeatures(s) } },
  };
}

/** Makes layer `id`, parked in `parked`, the active one, with its arrays, colour mode, up axis and tools. */
function raise(s: Stack, layers: LayerEntry[], parked: Record<string, ParkedLayer>, id: string): Partial<AppState> {
  const entry = layers.find((e) => e.meta.id === id);
  const waiting = parked[id];
  if (!entry || !waiting) return { layers, parked };
  const { [id]: _, ...rest } = parked;
  return {
    ...featurePatch(s, waiting.features),
    layers,
    parked: rest,
    layer: entry.meta,
    layerData: waiting.data,
    settings: { ...s.settings, colorMode: entry.colorMode, upAxis: entry.upAxis },
  };
}

/**
 * A layer read in place of the one `replaces` names keeps its transform and visibility: the same file
 * read again (`reread`), or the next scan of a folder's sequence, which also keeps the colour mode
 * drawn, an up axis the person chose, and the camera where the scan fits the same view.
 */
export type InPlace = 'reread' | 'sequence';

export interface AddOptions {
  /** the layer this one takes the place of (a file's preview): dropped, not parked */
  replaces?: string;
  inPlace?: InPlace;
  openedByApp?: boolean;
  /** the bundled sample the layer is */
  sampleId?: string;
}

/**
 * A sequence's next scan is drawn as the one before it: its colour mode, its up axis where the
 * person chose one over the file's, and its camera where the scan fits the same view (the first
 * scan's framing, carried along as `framedAs`).
 */
function nextInSequence(s: Stack, before: LayerEntry, meta: LayerMeta, own: LayerSettings): { settings: LayerSettings; framedAs?: string } {
  const drawn = layerSettings(s, before.meta.id);
  const settings = { colorMode: drawn.colorMode, upAxis: drawn.upAxis !== before.meta.up.axis ? drawn.upAxis : own.upAxis };
  const sameView = settings.upAxis === drawn.upAxis && fitsSameView(before.meta.bounds, meta.bounds);
  return { settings, ...(sameView && { framedAs: before.framedAs ?? before.meta.id }) };
}

/** The patch that adds a layer and makes it active; the one active before is parked. */
export function addLayerPatch(s: Stack, data: LayerData, meta: LayerMeta, own: LayerSettings, options: AddOptions = {}): Partial<AppState> {
  const dropping = options.replaces && options.replaces === s.layer?.id;
  const before = options.inPlace && s.layers.find((e) => e.meta.id === options.replaces);
  const { settings, framedAs } = before && options.inPlace === 'sequence' ? nextInSequence(s, before, meta, own) : { settings: own, framedAs: undefined };
  const base = dropping ? { layers: s.layers, parked: s.parked } : parkActive(s);
  const entry: LayerEntry = {
    meta,
    visible: before ? before.visible : true,
    ...settings,
    transform: before ? before.transform : IDENTITY_TRANSFORM,
    openedByApp: options.openedByApp ?? false,
    ...(framedAs && { framedAs }),
  };
  const at = base.layers.findIndex((e) => e.meta.id === options.replaces);
  const layers = at >= 0 ? base.layers.map((e, k) => (k === at ? entry : e)) : [...base.layers, entry];
  const { [options.replaces ?? '']: _, ...kept } = base.parked;
  const parked = options.replaces ? measurementsWithout(s, kept, options.replaces).parked : kept;
  return {
    ...featurePatch(s, { ...FRESH_FEATURES, sample: options.sampleId ? { sampleId: options.sampleId, layerId: meta.id } : null }),
    layers,
    parked,
    layer: meta,
    layerData: data,
    settings: { ...s.settings, ...settings },
    pick: s.pick && s.pick.layerId !== options.replaces ? s.pick : null,
  };
}

/** The patch that makes parked layer `id` the active one. */
export function activatePatch(s: Stack, id: string): Partial<AppState> {
  if (s.layer?.id === id) return {};
  const base = parkActive(s);
  return raise(s, base.layers, base.parked, id);
}

/** The patch that removes layer `id`; where it was active, the layer listed last becomes active, or nothing is shown. */
export function removePatch(s: Stack, id: string): Partial<AppState> {
  const layers = s.layers.filter((e) => e.meta.id !== id);
  const { [id]: _, ...others } = s.parked;
  const { parked, measure } = measurementsWithout(s, others, id);
  const pick = s.pick?.layerId === id ? null : s.pick;
  if (s.layer?.id !== id) return { layers, parked, pick, measure };
  const next = layers.at(-1);
  if (next) return { ...raise(s, layers, parked, next.meta.id), pick };
  return { ...featurePatch(s, FRESH_FEATURES), layers, parked, layer: null, layerData: null, pick };
}

/** The colour mode and up axis layer `id` is drawn with. */
export function layerSettings(s: Pick<AppState, 'layer' | 'layers'> & { settings: LayerSettings }, id: string): LayerSettings {
  const own = s.layer?.id === id ? s.settings : (s.layers.find((e) => e.meta.id === id) ?? s.settings);
  return { colorMode: own.colorMode, upAxis: own.upAxis };
}

/** Layer `id`'s arrays, active or parked. */
export function layerDataOf(s: Pick<AppState, 'layerData' | 'parked'>, id: string): LayerData | null {
  return s.layerData?.id === id ? s.layerData : (s.parked[id]?.data ?? null);
}

/** Each visible cloud's share of the point budget; a mesh draws all its vertices, outside it. */
export function pointBudgetsOf(s: Pick<AppState, 'layers' | 'renderer' | 'settings'>): Record<string, number> {
  const clouds = s.layers.filter((e) => e.visible && e.meta.kind === 'points');
  // a streamed layer asks for its file's points: its share decides how many of them it fetches
  const shares = shareBudget(pointBudgetFor(s.settings.pointBudget, s.renderer), clouds.map((e) => e.meta.stream?.filePoints ?? e.meta.points));
  return Object.fromEntries(clouds.map((e, k) => [e.meta.id, shares[k]]));
}

type KeptFeatures = Pick<LayerFeatures, 'measured' | 'profile'>;

/** Layer `id`'s measurements and profile: the active layer's, or those parked with it; null for a layer not open. */
export function keptFeaturesOf(s: Pick<AppState, 'layer' | 'measure' | 'profile' | 'parked'>, id: string): KeptFeatures | null {
  if (s.layer?.id === id) return { measured: s.measure.done, profile: s.profile };
  return s.parked[id]?.features ?? null;
}

/** The patch that gives layer `id`, active or parked, `patch` of its measurements and profile. */
export function keptFeaturesPatch(s: Pick<AppState, 'layer' | 'measure' | 'profile' | 'parked'>, id: string, patch: Partial<KeptFeatures>): Partial<AppState> {
  if (s.layer?.id === id) return { ...(patch.measured && { measure: { ...s.measure, done: patch.measured } }), ...(patch.profile && { profile: patch.profile }) };
  const parked = s.parked[id];
  return parked ? { parked: { ...s.parked, [id]: { ...parked, features: { ...parked.features, ...patch } } } } : {};
}
