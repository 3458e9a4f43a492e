// Actions that touch both halves of the state: the store's plain metadata and the registry's
// arrays. Features use these to show a parse result or attach per-point results to a layer.
import { colorModes, initialColorMode, type LabelOverlay } from '../core/color/colorModes';
import { computeBounds } from '../core/geometry/bounds';
import type { ParseResult } from '../core/types';
import { colorSourceOf, dropLayersExcept, getLayerData, putLayerData, type LayerData } from './layerRegistry';
import { useViewerStore, type LayerMeta } from './store';

let nextLayer = 1;

function modeList(data: LayerData): LayerMeta['colorModes'] {
  return colorModes.modesFor(colorSourceOf(data)).map(({ id, label }) => ({ id, label }));
}

/** The store's description of a parsed file. */
export function describeLayer(id: string, fileName: string, result: ParseResult, parseMs: number): LayerMeta {
  const g = result.data;
  const data: LayerData = { geometry: g, overlays: [] };
  const points = g.positions.length / 3;
  return {
    id,
    fileName,
    format: result.format,
    kind: g.kind,
    points,
    faces: g.kind === 'mesh' ? g.faceCount : 0,
    triangles: g.kind === 'mesh' ? g.indices.length / 3 : 0,
    attributes: [...(g.colors ? ['rgb'] : []), ...(g.normals ? ['normal'] : []), ...(g.kind === 'mesh' && g.uvs ? ['uv'] : []), ...Object.keys(g.fields)],
    bounds: computeBounds(g.positions),
    parseMs,
    droppedNonFinite: result.droppedNonFinite,
    warnings: result.warnings,
    upAxis: result.upAxis,
    displayedPoints: points,
    overlays: [],
    colorModes: modeList(data),
  };
}

/** Makes a parse result the current layer, replacing (and releasing) the previous one. */
export function showParseResult(fileName: string, result: ParseResult, parseMs: number, flatShading = false): string {
  const id = `layer-${nextLayer++}`;
  const data: LayerData = { geometry: result.data, overlays: [], flatShading };
  putLayerData(id, data);
  useViewerStore.getState().showLayer(describeLayer(id, fileName, result, parseMs), {
    colorMode: initialColorMode(colorSourceOf(data)),
    upAxis: result.upAxis ?? 'y',
    hiddenLabels: {},
  });
  dropLayersExcept(id);
  return id;
}

/**
 * Attaches (or replaces, by id) a per-point overlay such as predicted classes; its colour mode
 * `overlay:<id>` appears in the view settings, and `select` switches to it.
 */
export function attachOverlay(layerId: string, overlay: LabelOverlay, select = false): void {
  const data = getLayerData(layerId);
  if (!data) throw new Error(`no layer ${layerId}`);
  if (overlay.values.length * 3 !== data.geometry.positions.length) {
    throw new Error(`overlay ${overlay.id} has ${overlay.values.length} values for ${data.geometry.positions.length / 3} points`);
  }
  data.overlays = [...data.overlays.filter((o) => o.id !== overlay.id), overlay];
  const store = useViewerStore.getState();
  store.patchLayer(layerId, {
    overlays: data.overlays.map(({ id, label }) => ({ id, label })),
    colorModes: modeList(data),
  });
  if (select) store.updateSettings({ colorMode: `overlay:${overlay.id}` });
}
