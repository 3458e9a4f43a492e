// A COPC file shown as it is read: the worker reads its header and octree, the view says where the
// camera is, and the nodes that the level-of-detail selection picks for that view within the point
// budget are fetched, largest on screen first, a batch at a time. The layer holds the nodes
// fetched so far (their points, and an octree over them that the view draws from); nodes far from
// the view are let go once more than a few budgets' worth are held, so memory stays bounded
// however long one looks around a big file. What was computed for the points held (a distance to
// another layer, clusters, planes, normals) keeps the values of the nodes still held as the nodes
// change; those fetched since have none until it is computed again.
import { selectNodes, type LodView } from '../../core/geometry/lodSelection';
import { InputError, type ScalarArray } from '../../core/types';
import { initialColorMode } from '../../core/color/colorModes';
import { asSignedAxis } from '../../core/geometry/signedAxis';
import { colorSourceOf, describeLayer, useAppStore, type LayerMeta, type StreamMeta } from '../../state/store';
import { pointBudgetFor } from '../../state/viewSettings';
import type { CopcHandlers, CopcOpened } from '../../workers/copc.worker';
import type { CopcNodePoints } from '../../core/io/copc';
import { copcLayer } from '../../core/io/copcLayer';
import { checkBudget } from '../../core/io/limits';
import { carriedComputed } from '../../core/layers/streamedFields';
import { createRpcClient, type RpcClient } from '../../workers/rpc';

/** Points held at most, in point budgets: nodes just out of view stay, so that turning back does not fetch them again. */
export const KEEP_BUDGETS = 2;
/** Points asked of the worker at once, as a share of the budget: the view shows each batch as it comes. */
const BATCH_SHARE = 0.25;

/** A COPC file by address (read by HTTP range requests) or a dropped one (read by slices). */
export type CopcInput = { url: string } | { file: File };

/** `.copc.laz` is how COPC files are named (the spec's convention); a plain `.laz` is read whole. */
export const isCopcName = (name: string) => /\.copc\.laz$/i.test(name);

interface Stream {
  layerId: string;
  client: RpcClient<CopcHandlers>;
  opened: CopcOpened;
  loaded: Map<number, CopcNodePoints>;
  /** an empty array of each field the nodes fetched so far have (see copcLayer) */
  seen: Record<string, ScalarArray>;
  fetchedBytes: number;
  /** what the points of the nodes fetched so far say, as the worker last said it */
  pointWarnings: string[];
  view: LodView | null;
  busy: boolean;
  /** every node is held (the person asked for all of them, to recognise): nothing more is fetched or let go */
  complete: boolean;
}

let current: Stream | null = null;

// the layer removed, or another file shown in its place: its worker has nothing left to do
useAppStore.subscribe((s, prev) => {
  const id = current?.layerId;
  if (id && prev.layers.some((e) => e.meta.id === id) && !s.layers.some((e) => e.meta.id === id)) close();
});

function budget(): number {
  const { settings, renderer } = useAppStore.getState();
  return pointBudgetFor(settings.pointBudget, renderer);
}

function close(): void {
  current?.client.terminate();
  current = null;
}

/** The loaded nodes as one cloud, and an octree over it with the file's nodes. */
const layerOf = (s: Stream) => copcLayer(s.opened.nodes, s.loaded, s.opened.hasColors, s.seen);

function streamMeta(s: Stream): StreamMeta {
  const { opened } = s;
  return {
    filePoints: opened.declaredPoints,
    nodes: opened.nodes.length,
    loadedNodes: s.loaded.size,
    fileBytes: opened.fileBytes,
    fetchedBytes: s.fetchedBytes,
    ranges: opened.ranges,
    complete: s.complete,
  };
}

function publish(s: Stream): void {
  const { geometry, octree } = layerOf(s);
  const st = useAppStore.getState();
  const held = st.layerData?.id === s.layerId ? st.layerData : st.parked[s.layerId]?.data;
  if (held?.octree) {
    const computed = carriedComputed({ geometry: held.geometry, octree: held.octree }, octree, geometry.positions.length / 3, new Set(s.opened.fields));
    Object.assign(geometry, { ...computed, fields: { ...geometry.fields, ...computed.fields } });
  }
  useAppStore.getState().updateStreamedLayer(s.layerId, geometry, octree, streamMeta(s), warningsOf(s));
}

/** The layer's warnings: the file's, then what the points of its nodes fetched so far say, once for them all. */
const warningsOf = (s: Stream) => [...s.opened.warnings, ...s.pointWarnings];

async function fetchNodes(s: Stream, ids: number[]): Promise<void> {
  const { nodes, fetchedBytes, pointWarnings } = await s.client.call('nodes', { ids });
  s.pointWarnings = pointWarnings;
  for (const { id, ...points } of nodes) {
    s.loaded.set(id, points);
    for (const [name, a] of Object.entries(points.fields)) s.seen[name] ??= a.slice(0, 0);
  }
  s.fetchedBytes = fetchedBytes;
}

/** Lets go of nodes outside `keep`, furthest from the eye first, until at most KEEP_BUDGETS budgets of points are held. */
function evict(s: Stream, keep: Set<number>, view: LodView): void {
  const cap = KEEP_BUDGETS * view.budget;
  const { eye } = view;
  let held = [...s.loaded.values()].reduce((n, p) => n + p.positions.length / 3, 0);
  if (held <= cap) return;
  const distance = (id: number) => {
    const { min, size } = s.opened.nodes[id];
    return Math.hypot(...min.map((m, k) => m + size / 2 - eye[k]));
  };
  const far = [...s.loaded.keys()].filter((id) => !keep.has(id)).sort((a, b) => distance(b) - distance(a));
  for (const id of far) {
    if (held <= cap) break;
    held -= s.loaded.get(id)!.positions.length / 3;
    s.loaded.delete(id);
  }
}

/** Fetches what the latest view picks and does not hold, batch after batch, until it holds it all. */
async function pump(s: Stream): Promise<void> {
  if (s.busy) return;
  s.busy = true;
  try {
    while (s.view && current === s && !s.complete) {
      // the view's budget is this layer's share of the point budget
      const view = s.view;
      const { nodes: chosen } = selectNodes({ nodes: s.opened.nodes }, view);
      const missing = chosen.filter((id) => !s.loaded.has(id) && s.opened.nodes[id].count > 0);
      if (!missing.length) break;
      const batch: number[] = [];
      let points = 0;
      for (const id of missing) {
        if (batch.length && points + s.opened.nodes[id].count > view.budget * BATCH_SHARE) break;
        batch.push(id);
        points += s.opened.nodes[id].count;
      }
      await fetchNodes(s, batch);
      if (current !== s) return;
      if (s.complete) return;
      evict(s, new Set(chosen), view);
      publish(s);
    }
  } catch (e) {
    if (current === s) useAppStore.getState().showError(`${useAppStore.getState().layer?.fileName ?? 'The COPC file'}: ${e instanceof Error ? e.message : String(e)}`);
    close();
  } finally {
    s.busy = false;
  }
}

/**
 * Fetches every node of the shown streamed layer, so that recognition sees the whole scan (the
 * models need every point, not the ones in view); the layer stops streaming then. The read budget
 * bounds what may be held, as for a file read whole.
 */
export async function loadWholeCopc(onProgress: (fraction: number) => void): Promise<void> {
  const s = current;
  if (!s || s.complete) return;
  checkBudget(s.opened.points, s.opened.bytesPerPoint, 'points');
  s.complete = true;
  const missing = s.opened.nodes.flatMap((n, id) => (n.count > 0 && !s.loaded.has(id) ? [id] : []));
  const batch = 64;
  try {
    for (let k = 0; k < missing.length; k += batch) {
      await fetchNodes(s, missing.slice(k, k + batch));
      if (current !== s) return;
      onProgress(Math.min(1, (k + batch) / missing.length));
    }
  } catch (e) {
    close();
    throw e;
  }
  publish(s);
}

/** The view of the shown layer changed: a streamed layer fetches what it now needs. */
export function copcViewChanged(layerId: string, view: LodView): void {
  const s = current;
  if (!s || s.layerId !== layerId) return;
  s.view = view;
  void pump(s);
}

/**
 * Opens a COPC file: its header and octree, then the top of the octree (up to a share of the
 * budget), shown as layer `layerId`. Returns false where `isLatest` says a later load took over.
 */
export async function openCopc(input: CopcInput, name: string, layerId: string, isLatest: () => boolean): Promise<boolean> {
  close();
  const worker = new Worker(new URL('../../workers/copc.worker.ts', import.meta.url), { type: 'module' });
  const client = createRpcClient<CopcHandlers>(worker);
  try {
    // the worker resolves a relative address against its own script's, not the page's
    const opened = await client.call('open', 'url' in input ? { url: new URL(input.url, location.href).href } : { file: input.file });
    if (!isLatest()) {
      client.terminate();
      return false;
    }
    const s: Stream = { layerId, client, opened, loaded: new Map(), seen: {}, fetchedBytes: 0, pointWarnings: [], view: null, busy: false, complete: false };
    current = s;
    const first: number[] = [];
    let points = 0;
    for (const [id, node] of opened.nodes.entries()) {
      if (first.length && points + node.count > budget() * BATCH_SHARE) break;
      first.push(id);
      points += node.count;
    }
    const start = performance.now();
    await fetchNodes(s, first);
    if (!isLatest() || current !== s) return false;
    const { geometry, octree } = layerOf(s);
    const result = { format: 'las' as const, data: geometry, droppedNonFinite: 0, warnings: warningsOf(s), unit: opened.unit, crs: opened.crs, crsWkt: opened.crsWkt, lasGrid: opened.lasGrid, origin: opened.origin };
    // COPC is LAS: z is up, as in every LAS file
    const up = asSignedAxis('z');
    const meta: LayerMeta = {
      ...describeLayer(layerId, name, result, performance.now() - start, { axis: up, source: 'format' }, octree),
      format: 'copc',
      bounds: opened.bounds,
      stream: streamMeta(s),
    };
    useAppStore.getState().showLayer({ id: layerId, geometry, flatShading: false, octree }, meta, {
      colorMode: initialColorMode(colorSourceOf({ geometry, overlays: [] })),
      upAxis: up,
    });
    return true;
  } catch (e) {
    close();
    client.terminate();
    // the file's own faults are said with its name, as the parsers' are; a network failure names its address
    throw e instanceof Error && e.name === InputError.name ? new InputError(`${name} ${e.message}`) : e;
  }
}
