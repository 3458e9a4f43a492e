// The Volume result's contour lines over the active layer, in its frame (they move with its
// transform), drawn over the cloud so that the points about each level do not hide it; hidden with
// the layer. Reads the store.
import { useMemo } from 'react';
import { BufferAttribute, BufferGeometry } from 'three/webgpu';
import type { ContourLine } from '../core/geometry/contours';
import { useAppStore } from '../state/store';
import { useLineSegments } from './useLineSegments';

/** apart from the profile's blue, the picked point's yellow and the height colours' ramp ends */
const COLOR = '#ff7a1a';
const NONE: readonly ContourLine[] = [];

/** Each line's consecutive points as segments, a ring's last joined to its first. */
function contourSegments(lines: readonly ContourLine[]): Float32Array {
  let count = 0;
  for (const l of lines) count += l.points.length / 3 - 1 + (l.closed ? 1 : 0);
  const out = new Float32Array(6 * count);
  let k = 0;
  for (const { points, closed } of lines) {
    const n = points.length / 3;
    for (let i = 0; i < n - 1 + (closed ? 1 : 0); i++, k += 6) {
      const j = (i + 1) % n;
      out.set(points.subarray(3 * i, 3 * i + 3), k);
      out.set(points.subarray(3 * j, 3 * j + 3), k + 3);
    }
  }
  return out;
}

export function ContourView() {
  const lines = useAppStore((s) => (s.volume?.status === 'done' && s.volume.layerId === s.layer?.id && s.volume.contours?.status === 'done' ? s.volume.contours.lines : NONE));
  const shown = useAppStore((s) => s.layers.find((e) => e.meta.id === s.layer?.id)?.visible ?? false);
  const geometry = useMemo(() => new BufferGeometry().setAttribute('position', new BufferAttribute(contourSegments(lines), 3)), [lines]);
  const segments = useLineSegments(geometry, { color: COLOR, onTop: true });
  if (!lines.length || !shown) return null;
  return <primitive object={segments} />;
}
