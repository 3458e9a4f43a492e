// A mesh drawn shaded or as wireframe, coloured per vertex by the active colour mode.
import { useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { BufferAttribute, BufferGeometry, DoubleSide, Mesh, MeshStandardNodeMaterial } from 'three/webgpu';

export interface MeshSurfaceProps {
  positions: Float32Array;
  normals?: Float32Array;
  indices: Uint32Array;
  /** linear rgb 0..1 per vertex; rewritten in place by the owner, who bumps colorVersion */
  colors: Float32Array;
  colorVersion: number;
  wireframe: boolean;
  /** shade each triangle by its own plane, facing the camera: for meshes whose vertex normals cannot be trusted */
  flat: boolean;
}

export function MeshSurface({ positions, normals, indices, colors, colorVersion, wireframe, flat }: MeshSurfaceProps) {
  const invalidate = useThree((s) => s.invalidate);
  const built = useMemo(() => {
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new BufferAttribute(positions, 3));
    geometry.setIndex(new BufferAttribute(indices, 1));
    // Files without normals still get smooth shading; flat shading takes its normals from the screen.
    if (!flat) {
      if (normals) geometry.setAttribute('normal', new BufferAttribute(normals, 3));
      else geometry.computeVertexNormals();
    }
    const colorAttr = new BufferAttribute(colors, 3);
    geometry.setAttribute('color', colorAttr);
    const material = new MeshStandardNodeMaterial({ vertexColors: true, side: DoubleSide, roughness: 0.75, metalness: 0, flatShading: flat });
    const mesh = new Mesh(geometry, material);
    return { geometry, material, mesh, colorAttr };
  }, [positions, normals, indices, colors, flat]);

  useEffect(
    () => () => {
      built.geometry.dispose();
      built.material.dispose();
    },
    [built],
  );

  useEffect(() => {
    built.material.wireframe = wireframe;
    built.material.needsUpdate = true;
    invalidate();
  }, [built, wireframe, invalidate]);

  useEffect(() => {
    built.colorAttr.needsUpdate = true;
    invalidate();
  }, [built, colorVersion, invalidate]);

  return <primitive object={built.mesh} />;
}
