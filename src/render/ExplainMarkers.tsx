// The explain view's points over the object: the critical set, larger than the object's points, and
// the upper-bound grid points, smaller. Reads the store; one sprite set per array.
import { useMemo } from 'react';
import { EXPLAIN_COLORS } from '../core/color/explainColors';
import { useAppStore } from '../state/store';
import { writeLinearColors } from './linearColors';
import { PointSprites } from './PointSprites';

function Marked({ positions, rgb, size, referenceDepth }: { positions: Float32Array; rgb: readonly number[]; size: number; referenceDepth: number }) {
  const attrs = useMemo(() => {
    const n = positions.length / 3;
    const srgb = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) srgb[3 * i + c] = rgb[c] / 255;
    const colors = new Float32Array(n * 3);
    writeLinearColors(srgb, colors, null);
    return { colors, visibility: new Float32Array(n).fill(1) };
  }, [positions, rgb]);
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
  if (!explain || !points || points.layerId !== explain.layerId) return null;
  return (
    <>
      {explain.showCritical && points.critical && (
        <Marked positions={points.critical} rgb={EXPLAIN_COLORS.critical} size={Math.max(5, pointSize * 2)} referenceDepth={referenceDepth} />
      )}
      {explain.upperBound.status === 'shown' && points.upperBound && (
        <Marked positions={points.upperBound} rgb={EXPLAIN_COLORS.upperBound} size={Math.max(3, pointSize)} referenceDepth={referenceDepth} />
      )}
    </>
  );
}
