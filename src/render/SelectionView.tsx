// The points selected for labelling, marked over the layer a little larger than its points, in a
// colour no class has. Reads the store; rebuilt when the selection changes.
import { useMemo } from 'react';
import { selectedIndices } from '../core/geometry/screenSelection';
import { useAppStore } from '../state/store';
import { MarkedPoints, uniformColors } from './MarkedPoints';

const SELECTED: readonly number[] = [255, 236, 120];

export function SelectionView({ referenceDepth }: { referenceDepth: number }) {
  const data = useAppStore((s) => s.labellingData);
  const layerData = useAppStore((s) => s.layerData);
  const pointSize = useAppStore((s) => s.settings.pointSize);
  const marked = useMemo(() => {
    if (!data || !layerData || data.layerId !== layerData.id) return null;
    const indices = selectedIndices(data.selection);
    if (!indices.length) return null;
    const all = layerData.geometry.positions;
    const positions = new Float32Array(indices.length * 3);
    indices.forEach((i, k) => positions.set(all.subarray(3 * i, 3 * i + 3), 3 * k));
    return { positions, srgb: uniformColors(indices.length, SELECTED) };
    // the selection array is rewritten in place: a new data object says it changed
  }, [data, layerData?.id, layerData?.geometry.positions]);
  if (!marked) return null;
  return <MarkedPoints positions={marked.positions} srgb={marked.srgb} size={Math.max(3, pointSize * 1.5)} referenceDepth={referenceDepth} />;
}
