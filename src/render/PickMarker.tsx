// Marks the picked point (or another one singled out): a small sphere drawn over everything so it is never hidden by the cloud.
export interface PickMarkerProps {
  position: [number, number, number];
  radius: number;
  color?: string;
}

export function PickMarker({ position, radius, color = '#ffd24a' }: PickMarkerProps) {
  return (
    <mesh position={position} renderOrder={10}>
      <sphereGeometry args={[radius, 16, 12]} />
      <meshBasicMaterial color={color} depthTest={false} transparent opacity={0.9} />
    </mesh>
  );
}
