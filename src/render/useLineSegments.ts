// Lines drawn from a geometry the caller builds: made once per geometry, disposed with it, and a
// frame asked for whenever they change (frames are drawn on demand).
import { useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { LineBasicNodeMaterial, LineSegments, type BufferGeometry } from 'three/webgpu';

export interface LineStyle {
  /** one colour for every line; otherwise the geometry's per-vertex colours */
  color?: string;
  /** drawn over everything, after the cloud */
  onTop?: boolean;
}

export function useLineSegments(geometry: BufferGeometry, { color, onTop = false }: LineStyle): LineSegments {
  const invalidate = useThree((s) => s.invalidate);
  const lines = useMemo(() => {
    const material = new LineBasicNodeMaterial(color ? { color, depthTest: !onTop, transparent: onTop } : { vertexColors: true, depthTest: !onTop, transparent: onTop });
    const segments = new LineSegments(geometry, material);
    if (onTop) segments.renderOrder = 10;
    return segments;
  }, [geometry, color, onTop]);
  useEffect(() => {
    invalidate();
    return () => {
      lines.geometry.dispose();
      (lines.material as LineBasicNodeMaterial).dispose();
    };
  }, [lines, invalidate]);
  return lines;
}
