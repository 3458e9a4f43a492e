// A height profile's line and corridor in the scene, in the active layer's frame: the corners
// clicked, the line through them, and a translucent box along each segment as wide as the corridor
// and as tall as the layer, so that what the profile takes in is seen; and the point hovered in the
// profile's plot. Reads the store.
import { useMemo } from 'react';
import { BufferAttribute, BufferGeometry, DoubleSide } from 'three/webgpu';
import { axisIndex, axisSign } from '../core/geometry/signedAxis';
import { profileWidthOf } from '../state/profile';
import { useAppStore } from '../state/store';
import { PickMarker } from './PickMarker';
import { bandEdges, bandTriangles } from './profileBand';
import { useLineSegments } from './useLineSegments';

const COLOR = '#4ac2ff';
/** apart from the corridor's blue and the inspected point's yellow */
const HOVER_COLOR = '#ff4fd8';

export function ProfileView({ markerRadius }: { markerRadius: number }) {
  const profile = useAppStore((s) => s.profile);
  const layer = useAppStore((s) => s.layer);
  // the line is of the active layer's points: hidden with it
  const shown = useAppStore((s) => s.layers.find((e) => e.meta.id === s.layer?.id)?.visible ?? false);
  const up = useAppStore((s) => s.settings.upAxis);
  const width = useAppStore(profileWidthOf);
  // the line being drawn, else the finished one
  const corners = useMemo(() => (profile.drawing && profile.current.length ? profile.current : (profile.line ?? [])).map((p) => p.position), [profile]);
  const heights = useMemo(() => {
    if (!layer) return [0, 0];
    const u = axisIndex(up);
    const [a, b] = [axisSign(up) * layer.bounds.min[u], axisSign(up) * layer.bounds.max[u]];
    return [Math.min(a, b), Math.max(a, b)];
  }, [layer, up]);
  const band = useMemo(
    () => (width > 0 ? new BufferGeometry().setAttribute('position', new BufferAttribute(bandTriangles(corners, width, up, heights[0], heights[1]), 3)) : null),
    [corners, width, up, heights],
  );
  const edges = useMemo(() => {
    const line = corners.slice(1).flatMap((p, k) => [...corners[k], ...p]);
    const box = width > 0 ? bandEdges(corners, width, up, heights[0], heights[1]) : [];
    return new BufferGeometry().setAttribute('position', new BufferAttribute(new Float32Array([...line, ...box]), 3));
  }, [corners, width, up, heights]);
  const lines = useLineSegments(edges, { color: COLOR, onTop: true });
  if (!corners.length || !shown) return null;
  return (
    <group>
      {profile.hover && <PickMarker position={profile.hover.position} radius={markerRadius * 1.5} color={HOVER_COLOR} />}
      {band && (
        <mesh geometry={band} renderOrder={9}>
          <meshBasicMaterial color={COLOR} transparent opacity={0.12} depthWrite={false} side={DoubleSide} />
        </mesh>
      )}
      <primitive object={lines} />
      {corners.map((p, k) => (
        <mesh key={k} position={p} renderOrder={10}>
          <sphereGeometry args={[markerRadius, 12, 8]} />
          <meshBasicMaterial color={COLOR} depthTest={false} transparent opacity={0.95} />
        </mesh>
      ))}
    </group>
  );
}
