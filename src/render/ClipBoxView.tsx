// The clip box in the scene: its edges, and handles a person drags. A face's handle moves that
// face along its axis; the centre's moves the box across the floor. The drag follows the mouse
// along each axis as drawn on screen; the new box goes to the owner, never into the store.
import { Html } from '@react-three/drei';
import { useThree } from '@react-three/fiber';
import { useMemo, useRef } from 'react';
import { Group, Vector3 } from 'three/webgpu';
import type { ClipBox } from '../core/geometry/clip';
import { axisIndex, type SignedAxis } from '../core/geometry/signedAxis';
import { boxLines } from './Boxes';
import { useLineSegments } from './useLineSegments';

const EDGE_COLOR: [number, number, number] = [255, 210, 74];
/** A box never shrinks below this share of its largest side. */
const MIN_SIDE_SHARE = 0.01;

type Handle = { id: string; axes: number[]; sign: 1 | -1 | 0 };

function handles(up: SignedAxis): Handle[] {
  const faces: Handle[] = [0, 1, 2].flatMap((a) => [1, -1].map((sign) => ({ id: `${sign > 0 ? '+' : '-'}${'xyz'[a]}`, axes: [a], sign: sign as 1 | -1 })));
  return [...faces, { id: 'centre', axes: [0, 1, 2].filter((a) => a !== axisIndex(up)), sign: 0 }];
}

function handlePosition(box: ClipBox, h: Handle): [number, number, number] {
  const p: [number, number, number] = [...box.center];
  if (h.sign) p[h.axes[0]] += (h.sign * box.size[h.axes[0]]) / 2;
  return p;
}

/** Movement along `axes` (layer units) that best explains a mouse movement `m` (pixels), given each axis' unit length on screen. */
function solve(m: [number, number], onScreen: [number, number][]): number[] {
  if (onScreen.length === 1) {
    const [v] = onScreen;
    const l2 = v[0] * v[0] + v[1] * v[1];
    return [l2 > 1e-9 ? (m[0] * v[0] + m[1] * v[1]) / l2 : 0];
  }
  const [a, b] = onScreen;
  const det = a[0] * b[1] - a[1] * b[0];
  if (Math.abs(det) < 1e-9) return [0, 0];
  return [(m[0] * b[1] - m[1] * b[0]) / det, (a[0] * m[1] - a[1] * m[0]) / det];
}

export interface ClipBoxViewProps {
  box: ClipBox;
  up: SignedAxis;
  onChange(box: ClipBox): void;
}

export function ClipBoxView({ box, up, onChange }: ClipBoxViewProps) {
  const { camera, size } = useThree();
  const group = useRef<Group>(null);
  const lines = useLineSegments(
    useMemo(() => boxLines([box], () => EDGE_COLOR), [box]),
    { onTop: true },
  );

  /** Screen position (CSS pixels) of a point in the layer's frame. */
  const toScreen = (p: readonly number[]): [number, number] => {
    group.current!.updateWorldMatrix(true, false);
    const v = new Vector3(p[0], p[1], p[2]).applyMatrix4(group.current!.matrixWorld).project(camera);
    return [((v.x + 1) / 2) * size.width, ((1 - v.y) / 2) * size.height];
  };

  const startDrag = (h: Handle, e: React.PointerEvent) => {
    e.preventDefault();
    e.stopPropagation();
    const start = { x: e.clientX, y: e.clientY, box };
    const at = handlePosition(box, h);
    const origin = toScreen(at);
    const onScreen = h.axes.map((a) => {
      const q = [...at];
      q[a] += 1;
      const s = toScreen(q);
      return [s[0] - origin[0], s[1] - origin[1]] as [number, number];
    });
    const minSide = Math.max(...start.box.size) * MIN_SIDE_SHARE;
    const onMove = (ev: PointerEvent) => {
      const moved = solve([ev.clientX - start.x, ev.clientY - start.y], onScreen);
      const center: [number, number, number] = [...start.box.center];
      const sides: [number, number, number] = [...start.box.size];
      if (h.sign === 0) h.axes.forEach((a, k) => (center[a] += moved[k]));
      else {
        const a = h.axes[0];
        // the face moves, the opposite one stays
        const side = Math.max(minSide, start.box.size[a] + h.sign * moved[0]);
        center[a] = start.box.center[a] + (h.sign * (side - start.box.size[a])) / 2;
        sides[a] = side;
      }
      onChange({ ...start.box, center, size: sides });
    };
    const onUp = () => {
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
    };
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
  };

  return (
    <group ref={group}>
      <primitive object={lines} />
      {handles(up).map((h) => (
        <Html key={h.id} position={handlePosition(box, h)} center zIndexRange={[3, 0]} style={{ pointerEvents: 'auto' }}>
          <div
            className={`clip-handle${h.sign ? '' : ' centre'}`}
            data-testid="clip-handle"
            data-handle={h.id}
            title={h.sign ? `Drag to move the ${h.id} face` : 'Drag to move the box'}
            onPointerDown={(e) => startDrag(h, e)}
          />
        </Html>
      ))}
    </group>
  );
}
