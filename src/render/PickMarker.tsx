// Marks the picked point: a small sphere drawn over everything so it is never hidden by the cloud.
export interface PickMarkerProps {
  position: [number, number, number];
  radius: number;
}

export function PickMarker({ position, radius }: PickMarkerProps) {
  return (
    <mesh position={position} renderOrder={10}>
      <sphereGeometry args={[radius, 16, 12]} />
      <meshBasicMaterial color="#ffd24a" depthTest={false} transparent opacity={0.9} />
    </mesh>
  );
}
