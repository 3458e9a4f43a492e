// The active layer's stray points, once found and while shown, marked over it a little larger than
// its points in a colour no class or scale uses, so that a person sees what "Hide them" would take.
// Those the clip cuts away stay unmarked. Reads the store; rebuilt when the marks change.
import { useMemo } from 'react';
import { clipMaskOf } from '../state/clipMask';
import { useAppStore } from '../state/store';
import { MarkedPoints, uniformColors } from './MarkedPoints';

export const STRAY_COLOR: readonly number[] = [255, 0, 200];

export function StrayMarkers({ referenceDepth }: { referenceDepth: number }) {
  const view = useAppStore((s) => s.stray);
  const marks = useAppStore((s) => s.strayMarks);
  const positions = useAppStore((s) => s.layerData?.geometry.positions);
  const clip = useAppStore(clipMaskOf);
  const pointSize = useAppStore((s) => s.settings.pointSize);
  const shown = view?.status === 'done' && !view.hidden && view.count > 0 && marks !== null && marks.positions === positions;
  const marked = useMemo(() => {
    if (!shown || !marks) return null;
    const { stray, positions: all } = marks;
    let n = 0;
    for (let i = 0; i < stray.length; i++) if (stray[i] && (!clip || clip[i])) n++;
    if (!n) return null;
    const at = new Float32Array(3 * n);
    for (let i = 0, k = 0; i < stray.length; i++) if (stray[i] && (!clip || clip[i])) at.set(all.subarray(3 * i, 3 * i + 3), 3 * k++);
    return { positions: at, srgb: uniformColors(n, STRAY_COLOR) };
  }, [shown, marks, clip]);
  if (!marked) return null;
  return <MarkedPoints positions={marked.positions} srgb={marked.srgb} size={Math.max(4, pointSize * 2)} referenceDepth={referenceDepth} />;
}
