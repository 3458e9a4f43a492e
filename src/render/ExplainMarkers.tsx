// The explain view's points over the object: the critical set, larger than the object's points, the
// upper-bound grid points, smaller, and the sampled points coloured by saliency. Reads the store;
// one sprite set per array.
import { useMemo } from 'react';
import { EXPLAIN_COLORS, saliencyColors } from '../core/color/explainColors';
import { useAppStore } from '../state/store';
import { writeLinearColors } from './linearColors';
import { PointSprites } from './PointSprites';

function uniformColors(n: number, rgb: readonly number[]): Float32Array {
  const srgb = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) srgb[3 * i + c] = rgb[c] / 255;
  return srgb;
}

/** `srgb`: display colours 0..1, 3 per point. */
function Marked({ positions, srgb, size, referenceDepth }: { positions: Float32Array; srgb: Float32Array; size: number; referenceDepth: number }) {
  const attrs = useMemo(() => {
    const n = positions.length / 3;
    const colors = new Float32Array(n * 3);
    writeLinearColors(srgb, colors, null);
    return { colors, visibility: new Float32Array(n).fill(1) };
  }, [positions, srgb]);
  const attenuation = useAppStore((s) => s.settings.sizeAttenuation);
  return (
    <PointSprites
      positions={positions}
      colors={attrs.colors}
      visibility={attrs.visibility}
      colorVersion={0}
      size={size}
      attenuation={attenuation}
      referenceDepth={referenceDepth}
    />
  );
}

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
        <Marked positions={points.saliency.positions} srgb={salient} size={Math.max(4, pointSize * 1.6)} referenceDepth={referenceDepth} />
      )}
      {explain.showCritical && points.critical && critical && (
        <Marked positions={points.critical} srgb={critical} size={Math.max(5, pointSize * 2)} referenceDepth={referenceDepth} />
      )}
      {explain.upperBound.status === 'shown' && points.upperBound && upperBound && (
        <Marked positions={points.upperBound} srgb={upperBound} size={Math.max(3, pointSize)} referenceDepth={referenceDepth} />
      )}
    </>
  );
}
