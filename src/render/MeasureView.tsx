// The measurements in the scene: their points, the lines between them (a height's down to the
// floor, an area's closed) and each value beside it. Drawn over the clouds, in the scene's frame
// (each point where its layer is placed).
import { Html } from '@react-three/drei';
import { useFrame } from '@react-three/fiber';
import { useMemo, useRef, useState } from 'react';
import { BufferAttribute, BufferGeometry, Vector3, type Group } from 'three/webgpu';
import { labelOffsets } from './labelLayout';
import type { MeasuredValue } from '../state/measurements';
import { useLineSegments } from './useLineSegments';

const COLOR = '#ffd24a';

/** Line segments of every measurement, as pairs of points. */
function segments(values: readonly MeasuredValue[]): Float32Array {
  const out: number[] = [];
  for (const m of values) {
    const { at } = m;
    if (m.foot && at.length) out.push(...at[0], ...m.foot);
    for (let i = 0; i + 1 < at.length; i++) out.push(...at[i], ...at[i + 1]);
    if (m.closed && at.length > 2) out.push(...at[at.length - 1], ...at[0]);
  }
  return new Float32Array(out);
}

/** The measurements that have a value to label: one still being taken has none. */
export const labelledMeasurements = (values: readonly MeasuredValue[]) => values.filter((m) => Number.isFinite(m.value));

export function MeasureView({ values, markerRadius }: { values: readonly MeasuredValue[]; markerRadius: number }) {
  const geometry = useMemo(() => new BufferGeometry().setAttribute('position', new BufferAttribute(segments(values), 3)), [values]);
  const lines = useLineSegments(geometry, { color: COLOR, onTop: true });
  const labelled = useMemo(() => labelledMeasurements(values), [values]);
  const group = useRef<Group>(null);
  const seen = useRef('');
  const [offsets, setOffsets] = useState<number[]>([]);
  // where labels would cover each other is a matter of the view: worked out again whenever the camera moved
  useFrame(({ camera, size }) => {
    if (!group.current) return;
    group.current.updateWorldMatrix(true, false);
    const key = `${camera.matrixWorld.elements.join()}|${size.width}x${size.height}|${labelled.map((m) => m.text).join()}`;
    if (key === seen.current) return;
    seen.current = key;
    const v = new Vector3();
    const next = labelOffsets(
      labelled.map((m) => m.text),
      (i) => {
        v.set(...labelled[i].anchor).applyMatrix4(group.current!.matrixWorld).project(camera);
        return v.z > 1 ? null : [((v.x + 1) / 2) * size.width, ((1 - v.y) / 2) * size.height];
      },
    );
    if (next.join() !== offsets.join()) setOffsets(next);
  });
  return (
    <group ref={group}>
      <primitive object={lines} />
      {values.flatMap((m, k) =>
        m.at.map((p, i) => (
          <mesh key={`${k}-${i}`} position={p} renderOrder={10}>
            <sphereGeometry args={[markerRadius, 12, 8]} />
            <meshBasicMaterial color={COLOR} depthTest={false} transparent opacity={0.95} />
          </mesh>
        )),
      )}
      {labelled.map((m, k) => (
        <Html key={k} position={m.anchor} center zIndexRange={[3, 0]} style={{ pointerEvents: 'none' }}>
          <div className="measure-label" data-testid="measure-label" style={offsets[k] ? { transform: `translateY(${offsets[k]}px)` } : undefined}>
            {m.text}
          </div>
        </Html>
      ))}
    </group>
  );
}
