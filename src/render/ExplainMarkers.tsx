// The explain view's points over the object: the critical set, larger than the object's points, the
// upper-bound grid points, smaller, and the sampled points coloured by saliency. Reads the store;
// one sprite set per array.
import { useMemo } from 'react';
import { EXPLAIN_COLORS, saliencyColors } from '../core/color/explainColors';
import { useAppStore } from '../state/store';
import { MarkedPoints, uniformColors } from './MarkedPoints';

export function ExplainMarkers({ referenceDepth }: { referenceDepth: number }) {
  const explain = useAppStore((s) => s.explain);
  const points = useAppStore((s) => s.explainPoints);
  const pointSize = useAppStore((s) => s.settings.pointSize);
  const colorMap = useAppStore((s) => s.settings.colorMap);
  const critical = useMemo(() => points?.critical && uniformColors(points.critical.length / 3, EXPLAIN_COLORS.critical), [points?.critical]);
  const upperBound = useMemo(() => points?.upperBound && uniformColors(points.upperBound.length / 3, EXPLAIN_COLORS.upperBound), [points?.upperBound]);
  const sal = explain?.saliency;
  const bound = sal?.status === 'shown' || sal?.status === 'hidden' ? sal.bound : 0;
  const salient = useMemo(() => points?.saliency && saliencyColors(points.saliency.scores, bound, colorMap), [points?.saliency, bound, colorMap]);
  if (!explain || !points || points.layerId !== explain.layerId) return null;
  return (
    <>
      {explain.saliency.status === 'shown' && points.saliency && salient && (
        <MarkedPoints positions={points.saliency.positions} srgb={salient} size={Math.max(4, pointSize * 1.6)} referenceDepth={referenceDepth} />
      )}
      {explain.showCritical && points.critical && critical && (
        <MarkedPoints positions={points.critical} srgb={critical} size={Math.max(5, pointSize * 2)} referenceDepth={referenceDepth} />
      )}
      {explain.upperBound.status === 'shown' && points.upperBound && upperBound && (
        <MarkedPoints positions={points.upperBound} srgb={upperBound} size={Math.max(3, pointSize)} referenceDepth={referenceDepth} />
      )}
    </>
  );
}
