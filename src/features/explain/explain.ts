// "See inside the model": PointNet's critical points (from the classification's own run) and its
// upper-bound shape (one more worker call over a grid), drawn over the classified object. Every
// answer names its layer, so a slow grid never lands on the next file.
import type { ClassificationResult } from '../../core/ml/classifyObject';
import type { UpperBoundView } from '../../state/slices/explain';
import { useAppStore } from '../../state/store';
import { inference } from '../models/inference';

/** A classification's critical set becomes the explain view of its layer; the upper-bound shape of an earlier run goes. */
export function recordCriticalPoints(layerId: string, critical: ClassificationResult['critical']): void {
  const store = useAppStore.getState();
  const showCritical = store.explain?.layerId === layerId && store.explain.showCritical;
  store.setExplainPoints(layerId, { critical: critical?.positions ?? null, upperBound: null });
  store.setExplain({
    layerId,
    critical: critical ? { count: critical.positions.length / 3, sampled: critical.sampled } : null,
    showCritical,
    upperBound: { status: 'off' },
  });
}

export function showCriticalPoints(on: boolean): void {
  const { explain, setExplain } = useAppStore.getState();
  if (explain) setExplain({ ...explain, showCritical: on });
}

/** Shows or hides the upper-bound shape, computing it the first time it is asked for. */
export async function showUpperBound(on: boolean): Promise<void> {
  const { explain, setExplain, setExplainPoints, layerData, classification } = useAppStore.getState();
  if (!explain || !layerData || classification?.status !== 'done' || classification.layerId !== explain.layerId) return;
  const ub = explain.upperBound;
  const put = (upperBound: UpperBoundView) => {
    const now = useAppStore.getState().explain;
    if (now?.layerId === explain.layerId) setExplain({ ...now, upperBound });
  };
  if (!on) {
    if (ub.status === 'shown') put({ ...ub, status: 'hidden' });
    return;
  }
  if (ub.status === 'hidden') return put({ ...ub, status: 'shown' });
  if (ub.status === 'shown' || ub.status === 'running') return;
  put({ status: 'running' });
  try {
    const { rpc } = await inference();
    const g = layerData.geometry;
    // the same object and up as the classification, so that the grid is tested against the global feature it had
    const object = { kind: g.kind, positions: g.positions.slice(), indices: g.kind === 'mesh' ? g.indices.slice() : undefined };
    const shape = await rpc.call('upperBound', { object, upAxis: classification.upAxis });
    setExplainPoints(explain.layerId, { upperBound: shape.positions });
    put({ status: 'shown', points: shape.positions.length / 3, grid: shape.resolution ** 3, ms: shape.ms });
  } catch (error) {
    put({ status: 'error', message: `The upper-bound shape failed: ${error instanceof Error ? error.message : String(error)}` });
  }
}
