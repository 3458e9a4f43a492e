// The points of the plane or cluster whose row the pointer is on in its panel, drawn over the
// active layer a little larger than its points in a colour no class, scale or other mark uses.
// Only those drawn are marked, as the stray points are. Reads the store.
import { useMemo } from 'react';
import { pickableMask, useMaskInputs } from '../state/shownMask';
import { useAppStore } from '../state/store';
import { MarkedPoints, uniformColors } from './MarkedPoints';

export const HIGHLIGHT_COLOR: readonly number[] = [0, 255, 255];

export function RowHighlightView({ referenceDepth }: { referenceDepth: number }) {
  const inputs = useMaskInputs();
  const highlight = useAppStore((s) => s.rowHighlight);
  const pointSize = useAppStore((s) => s.settings.pointSize);
  const marked = useMemo(() => {
    const data = inputs.layerData;
    const values = highlight && data?.id === highlight.layerId ? data.geometry.fields[highlight.field] : undefined;
    if (!highlight || !data || !values) return null;
    const shown = pickableMask(inputs, data.id);
    if (shown === null) return null;
    const indices: number[] = [];
    for (let i = 0; i < values.length; i++) if (values[i] === highlight.id && (!shown || shown[i])) indices.push(i);
    if (!indices.length) return null;
    const all = data.geometry.positions;
    const positions = new Float32Array(3 * indices.length);
    indices.forEach((i, k) => positions.set(all.subarray(3 * i, 3 * i + 3), 3 * k));
    return { positions, srgb: uniformColors(indices.length, HIGHLIGHT_COLOR) };
  }, [inputs, highlight]);
  if (!marked) return null;
  return <MarkedPoints positions={marked.positions} srgb={marked.srgb} size={Math.max(3, pointSize * 1.5)} referenceDepth={referenceDepth} />;
}
