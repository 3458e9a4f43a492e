// Labelled wireframe boxes, shared by the classifier (the object's box with its top-1 label) and
// the scene detector (found objects). Boxes are in the layer's own coordinates.
import { Html } from '@react-three/drei';
import { useFrame } from '@react-three/fiber';
import { useMemo, useRef, useState } from 'react';
import { BufferAttribute, BufferGeometry, Group, Vector3 } from 'three/webgpu';
import { paletteColor, type Rgb } from '../core/color/labelTable';
import { boxCorners } from '../core/geometry/boxCorners';
import { axisIndex, axisSign, type SignedAxis } from '../core/geometry/signedAxis';
import type { Box3, LabelledBox } from '../core/types';
import { labelsToName } from './labelLayout';
import { useLineSegments } from './useLineSegments';

export interface BoxesProps {
  boxes: readonly LabelledBox[];
  /** colour of a box's class; defaults to the palette colour of its class index */
  colorOf?: (box: LabelledBox) => Rgb;
  /** the layer's up axis: labels sit on top of their box */
  upAxis: SignedAxis;
}

// The 12 edges of a box as pairs of corner indices; corner k has x = bit 0, y = bit 1, z = bit 2.
const EDGES = [0, 1, 2, 3, 4, 5, 6, 7, 0, 2, 1, 3, 4, 6, 5, 7, 0, 4, 1, 5, 2, 6, 3, 7];

/** The edges of boxes as line segments, each box in its colour. */
export function boxLines<B extends Box3>(boxes: readonly B[], colorOf: (box: B) => Rgb): BufferGeometry {
  const positions = new Float32Array(boxes.length * EDGES.length * 3);
  const colors = new Float32Array(positions.length);
  boxes.forEach((box, b) => {
    const color = colorOf(box);
    const corners = boxCorners(box);
    EDGES.forEach((corner, e) => {
      const o = (b * EDGES.length + e) * 3;
      for (let axis = 0; axis < 3; axis++) {
        positions[o + axis] = corners[3 * corner + axis];
        colors[o + axis] = color[axis] / 255;
      }
    });
  });
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(positions, 3));
  geometry.setAttribute('color', new BufferAttribute(colors, 3));
  return geometry;
}

const defaultColorOf = (box: LabelledBox) => paletteColor(box.classIndex);

function labelPosition(box: LabelledBox, upAxis: SignedAxis): [number, number, number] {
  const p: [number, number, number] = [...box.center];
  const up = axisIndex(upAxis);
  p[up] += (axisSign(upAxis) * box.size[up]) / 2;
  return p;
}

export function Boxes({ boxes, colorOf = defaultColorOf, upAxis }: BoxesProps) {
  const [open, setOpen] = useState<number | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const [named, setNamed] = useState<Set<number>>(() => new Set());
  const group = useRef<Group>(null);
  const seen = useRef<{ view: string; anchors: Vector3[] } | null>(null);
  const anchors = useMemo(() => boxes.map((b) => new Vector3(...labelPosition(b, upAxis))), [boxes, upAxis]);
  // which labels fit is a matter of the view and of where the boxes stand (drawn square to the
  // walls, the same boxes move): worked out again whenever either changed
  useFrame(({ camera, size }) => {
    if (!group.current) return;
    group.current.updateWorldMatrix(true, false);
    const view = `${camera.matrixWorld.elements.join()}|${size.width}x${size.height}`;
    if (seen.current?.view === view && seen.current.anchors === anchors) return;
    seen.current = { view, anchors };
    const v = new Vector3();
    const next = labelsToName(boxes, (i) => {
      v.copy(anchors[i]).applyMatrix4(group.current!.matrixWorld).project(camera);
      return v.z > 1 || Math.abs(v.x) > 1 || Math.abs(v.y) > 1 ? null : [((v.x + 1) / 2) * size.width, ((1 - v.y) / 2) * size.height];
    });
    if (next.size !== named.size || [...next].some((i) => !named.has(i))) setNamed(next);
  });
  const lines = useLineSegments(
    useMemo(() => boxLines(boxes, colorOf), [boxes, colorOf]),
    {},
  );

  return (
    <group ref={group}>
      <primitive object={lines} />
      {boxes.map((box, i) => (
        <Html
          key={i}
          position={labelPosition(box, upAxis)}
          center
          // under the side panels (4), the toolbar (5) and the gallery drawer (8)
          zIndexRange={[3, 0]}
          style={{ pointerEvents: 'auto' }}
        >
          <div
            className={`box-label${open === i ? ' open' : ''}${named.has(i) || open === i || hover === i ? '' : ' dot'}`}
            data-testid="box-label"
            data-named={named.has(i)}
            style={{ borderColor: `rgb(${colorOf(box).join(',')})` }}
            onClick={() => setOpen(open === i ? null : i)}
            onPointerEnter={() => setHover(i)}
            onPointerLeave={() => setHover((h) => (h === i ? null : h))}
            title={`${box.label}: score ${box.score.toFixed(2)}, ${box.points} points`}
          >
            {(named.has(i) || open === i || hover === i) && `${box.label} ${box.score.toFixed(2)}`}
            {open === i && (
              <div className="box-details">
                {box.points} points
                <br />
                size {box.size.map((v) => v.toFixed(2)).join(' × ')}
                <br />
                centre {box.center.map((v) => v.toFixed(2)).join(', ')}
                {box.turn && (
                  <>
                    <br />
                    turned {((box.turn.radians * 180) / Math.PI).toFixed(1)}° about {'xyz'[box.turn.axis]}
                    {box.square && ', square to the walls'}
                  </>
                )}
              </div>
            )}
          </div>
        </Html>
      ))}
    </group>
  );
}
