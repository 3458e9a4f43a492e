// The measurements in the scene: their points, the lines between them (a height's down to the
// floor, an area's closed) and each value beside it. Drawn over the cloud, in the file's frame.
import { Html } from '@react-three/drei';
import { useMemo } from 'react';
import { BufferAttribute, BufferGeometry } from 'three/webgpu';
import type { MeasuredValue } from '../state/measurements';
import { useLineSegments } from './useLineSegments';

const COLOR = '#ffd24a';

/** Line segments of every measurement, as pairs of points. */
function segments(values: readonly MeasuredValue[]): Float32Array {
  const out: number[] = [];
  for (const m of values) {
    const at = m.points.map((p) => p.position);
    if (m.foot && at.length) out.push(...at[0], ...m.foot);
    for (let i = 0; i + 1 < at.length; i++) out.push(...at[i], ...at[i + 1]);
    if (m.closed && at.length > 2) out.push(...at[at.length - 1], ...at[0]);
  }
  return new Float32Array(out);
}

export function MeasureView({ values, markerRadius }: { values: readonly MeasuredValue[]; markerRadius: number }) {
  const geometry = useMemo(() => new BufferGeometry().setAttribute('position', new BufferAttribute(segments(values), 3)), [values]);
  const lines = useLineSegments(geometry, { color: COLOR, onTop: true });
  return (
    <group>
      <primitive object={lines} />
      {values.flatMap((m, k) =>
        m.points.map((p, i) => (
          <mesh key={`${k}-${i}`} position={p.position} renderOrder={10}>
            <sphereGeometry args={[markerRadius, 12, 8]} />
            <meshBasicMaterial color={COLOR} depthTest={false} transparent opacity={0.95} />
          </mesh>
        )),
      )}
      {values
        .filter((m) => Number.isFinite(m.value))
        .map((m, k) => (
          <Html key={k} position={m.anchor} center zIndexRange={[3, 0]} style={{ pointerEvents: 'none' }}>
            <div className="measure-label" data-testid="measure-label">
              {m.text}
            </div>
          </Html>
        ))}
    </group>
  );
}
