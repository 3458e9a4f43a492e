// "See inside the model": PointNet's critical points (from the classification's own run), its
// upper-bound shape and each point's saliency (one worker call each, on first use), drawn over
// the classified object. Every answer names its layer, so a slow run never lands on the next file.
import { saliencyBound } from '../../core/color/explainColors';
import type { ClassificationResult } from '../../core/ml/classifyObject';
import type { SignedAxis } from '../../core/geometry/signedAxis';
import type { ComputedView, ExplainPoints, SaliencyFacts, UpperBoundFacts } from '../../state/slices/explain';
import { useAppStore } from '../../state/store';
import type { InferenceClient } from '../../workers/inferenceClient';
import type { ObjectInput } from '../../workers/inferenceProtocol';
import { inference } from '../models/inference';

/** A classification's critical set becomes the explain view of its layer; what was computed for an earlier run goes. */
export function recordCriticalPoints(layerId: string, critical: ClassificationResult['critical']): void {
  const store = useAppStore.getState();
  const showCritical = store.explain?.layerId === layerId && store.explain.showCritical;
  store.setExplainPoints(layerId, { critical: critical?.positions ?? null, upperBound: null, saliency: null });
  store.setExplain({
    layerId,
    critical: critical ? { count: critical.positions.length / 3, sampled: critical.sampled } : null,
    showCritical,
    upperBound: { status: 'off' },
    saliency: { status: 'off' },
    probe: null,
  });
}

export function showCriticalPoints(on: boolean): void {
  const { explain, setExplain } = useAppStore.getState();
  if (explain) setExplain({ ...explain, showCritical: on });
}

interface FactsOf {
  upperBound: UpperBoundFacts;
  saliency: SaliencyFacts;
}
type Computed = keyof FactsOf;

/** What a worker call gives: the arrays for the store, the facts for the panel and how long it took. */
type Compute<K extends Computed> = (
  rpc: InferenceClient,
  object: ObjectInput,
  upAxis: SignedAxis,
) => Promise<{ points: Partial<Omit<ExplainPoints, 'layerId'>>; facts: FactsOf[K]; ms: number }>;

/** The classified layer's object as the worker takes it (copies: the layer keeps its arrays) and the up it was classified with. */
export function classifiedObject(): { layerId: string; object: ObjectInput; upAxis: SignedAxis } | null {
  const { layerData, classification } = useAppStore.getState();
  if (!layerData || classification?.status !== 'done' || classification.layerId !== layerData.id) return null;
  const g = layerData.geometry;
  const object = { kind: g.kind, positions: g.positions.slice(), indices: g.kind === 'mesh' ? g.indices.slice() : undefined };
  return { layerId: layerData.id, object, upAxis: classification.upAxis };
}

/** Shows or hides one computed view, computing it the first time it is asked for. */
async function toggle<K extends Computed>(key: K, on: boolean, compute: Compute<K>): Promise<void> {
  const { explain, setExplain, setExplainPoints } = useAppStore.getState();
  const classified = classifiedObject();
  if (!explain || !classified || classified.layerId !== explain.layerId) return;
  const view = explain[key] as ComputedView<object>;
  const put = (next: ComputedView<object>) => {
    const now = useAppStore.getState().explain;
    if (now?.layerId === explain.layerId) setExplain({ ...now, [key]: next });
  };
  if (!on) {
    if (view.status === 'shown') put({ ...view, status: 'hidden' });
    return;
  }
  if (view.status === 'hidden') return put({ ...view, status: 'shown' });
  if (view.status === 'shown' || view.status === 'running') return;
  put({ status: 'running' });
  try {
    const { rpc } = await inference();
    // the same object and up as the classification, so that the model sees the points it classified
    const { points, facts, ms } = await compute(rpc, classified.object, classified.upAxis);
    setExplainPoints(explain.layerId, points);
    put({ status: 'shown', ...facts, ms });
  } catch (error) {
    put({ status: 'error', message: `${key === 'upperBound' ? 'The upper-bound shape' : 'Saliency'} failed: ${error instanceof Error ? error.message : String(error)}` });
  }
}

export const showUpperBound = (on: boolean) =>
  toggle('upperBound', on, async (rpc, object, upAxis) => {
    const shape = await rpc.call('upperBound', { object, upAxis });
    return { points: { upperBound: shape.positions }, facts: { points: shape.positions.length / 3, grid: shape.resolution ** 3 }, ms: shape.ms };
  });

export const showSaliency = (on: boolean) =>
  toggle('saliency', on, async (rpc, object, upAxis) => {
    const sal = await rpc.call('saliency', { object, upAxis });
    const entry = (await inference()).models.find((m) => m.task === 'classification');
    return {
      points: { saliency: { positions: sal.positions, scores: sal.scores } },
      facts: { label: entry?.classes[sal.classIndex].name ?? String(sal.classIndex), probability: sal.probability, neighbours: sal.neighbours, bound: saliencyBound(sal.scores) },
      ms: sal.ms,
    };
  });
