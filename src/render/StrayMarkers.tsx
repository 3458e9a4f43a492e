// The active layer's stray points, once found and while shown, marked over it a little larger than
// its points in a colour no class or scale uses, so that a person sees what "Hide them" would take.
// Only those drawn are marked: none on a hidden layer, nor where the clip or the legend hides the
// point. Reads the store; rebuilt when the marks or what is shown change.
import { useMemo } from 'react';
import { markedStrayOf, useMaskInputs } from '../state/shownMask';
import { useAppStore } from '../state/store';
import { MarkedPoints, uniformColors } from './MarkedPoints';

export const STRAY_COLOR: readonly number[] = [255, 0, 200];

export function StrayMarkers({ referenceDepth }: { referenceDepth: number }) {
  const inputs = useMaskInputs();
  const pointSize = useAppStore((s) => s.settings.pointSize);
  const marked = useMemo(() => {
    const indices = markedStrayOf(inputs);
    const marks = inputs.strayMarks;
    if (!indices || !marks) return null;
    const at = new Float32Array(3 * indices.length);
    indices.forEach((i, k) => at.set(marks.positions.subarray(3 * i, 3 * i + 3), 3 * k));
    return { positions: at, srgb: uniformColors(indices.length, STRAY_COLOR) };
  }, [inputs]);
  if (!marked) return null;
  return <MarkedPoints positions={marked.positions} srgb={marked.srgb} size={Math.max(4, pointSize * 2)} referenceDepth={referenceDepth} />;
}
