// The notes of the visible layers in the scene: a dot at each note's point and its text above it,
// set below a label it would cover, a measurement's too (labelLayout), in the scene's frame (each
// point where its layer is placed). The point clicked for a note still waiting for its text has its
// dot alone. Asked to frame a note, the camera turns to its point and comes near enough to see it.
import { Html } from '@react-three/drei';
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Vector3, type Group } from 'three/webgpu';
import { usePlacedNotes, type PlacedNote } from '../state/notes';
import { useAppStore } from '../state/store';
import type { MeasuredValue } from '../state/measurements';
import { labelOffsetsTogether } from './labelLayout';
import { labelledMeasurements } from './MeasureView';

const COLOR = '#5fd4ff';
/** how far a label sits above its point, clear of the dot (CSS pixels) */
const LIFT_PX = 16;

/** `measured`: the measurements drawn beside the notes, whose labels the notes' keep clear of. */
export function NotesView({ markerRadius, sceneRadius, measured }: { markerRadius: number; sceneRadius: number; measured: readonly MeasuredValue[] }) {
  const layers = useAppStore((s) => s.layers);
  const framing = useAppStore((s) => s.notes.framing);
  const all = usePlacedNotes();
  // a hidden layer's notes are hidden with it
  const placed = useMemo(
    () => all.filter((n) => layers.find((e) => e.meta.id === n.layerId)?.visible),
    [all, layers],
  );
  const labelled = useMemo(() => placed.filter((n): n is PlacedNote & { id: number } => n.id !== null), [placed]);
  const measureLabels = useMemo(() => labelledMeasurements(measured), [measured]);
  const { camera, invalidate } = useThree();
  const controls = useThree((s) => s.controls) as unknown as { target: Vector3; update(): void } | null;
  const group = useRef<Group>(null);
  const seen = useRef('');
  const [offsets, setOffsets] = useState<number[]>([]);

  useEffect(() => invalidate(), [placed, invalidate]);

  // the same direction of view as before, from no further than the scene's radius: near enough to see the point, far enough to see around it
  useEffect(() => {
    const note = framing && labelled.find((n) => n.id === framing.noteId);
    if (!note || !controls) return;
    const target = new Vector3(...note.at);
    const offset = camera.position.clone().sub(controls.target);
    const distance = Math.min(offset.length(), sceneRadius) || sceneRadius;
    camera.position.copy(target).add(offset.setLength(distance));
    controls.target.copy(target);
    camera.lookAt(target);
    controls.update();
    invalidate();
    // only a new ask moves the camera: a note edited, or its layer moved, leaves it be
  }, [framing]);

  // where labels would cover each other is a matter of the view: worked out again whenever the camera moved
  useFrame(({ camera, size }) => {
    if (!group.current) return;
    const key = `${camera.matrixWorld.elements.join()}|${size.width}x${size.height}|${labelled.map((n) => `${n.text}@${n.at.join()}`).join()}|${measureLabels.map((m) => `${m.text}@${m.anchor.join()}`).join()}`;
    if (key === seen.current) return;
    seen.current = key;
    const v = new Vector3();
    const onScreen = (p: readonly number[], lift: number): [number, number] | null => {
      v.set(p[0], p[1], p[2]).project(camera);
      return v.z > 1 ? null : [((v.x + 1) / 2) * size.width, ((1 - v.y) / 2) * size.height - lift];
    };
    // the measurements' labels first, as their own view sets them, then the notes' clear of them
    const next = labelOffsetsTogether([
      { texts: measureLabels.map((m) => m.text), at: (i) => onScreen(measureLabels[i].anchor, 0) },
      { texts: labelled.map((n) => n.text), at: (i) => onScreen(labelled[i].at, LIFT_PX) },
    ])[1];
    if (next.join() !== offsets.join()) setOffsets(next);
  });
  if (!placed.length) return null;
  return (
    <group ref={group}>
      {placed.map((n) => (
        <mesh key={n.id ?? 'pending'} position={n.at} renderOrder={10}>
          <sphereGeometry args={[markerRadius, 12, 8]} />
          <meshBasicMaterial color={COLOR} depthTest={false} transparent opacity={0.95} />
        </mesh>
      ))}
      {labelled.map((n, k) => (
        <Html key={n.id} position={n.at} center zIndexRange={[3, 0]} style={{ pointerEvents: 'none' }}>
          {/* above its dot, and below a label it would cover */}
          <div className="note-label" data-testid="note-label" data-note={n.id} style={{ transform: `translateY(${(offsets[k] ?? 0) - LIFT_PX}px)` }}>
            {n.text}
          </div>
        </Html>
      ))}
    </group>
  );
}
