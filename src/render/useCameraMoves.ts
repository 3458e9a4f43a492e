// Sends the camera where the store last asked (a saved view, a link's view): at once, or eased over
// a moment. Called after the framing effect, so that a view asked for with a new file's frame wins.
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import { Vector3 } from 'three/webgpu';
import type { CameraView } from '../core/geometry/cameraView';
import { useAppStore } from '../state/store';

const EASE_MS = 400;

type Controls = { target: Vector3; update(): void };

interface Move {
  from: { position: Vector3; target: Vector3; up: Vector3 };
  to: { position: Vector3; target: Vector3; up: Vector3 };
  start: number;
}

const vectors = (v: CameraView) => ({ position: new Vector3(...v.position), target: new Vector3(...v.target), up: new Vector3(...v.up).normalize() });

/** `framed` changes whenever the camera is framed anew: a move waits for the controls and the first frame. */
export function useCameraMoves(framed: unknown): void {
  const { camera, invalidate } = useThree();
  const controls = useThree((s) => s.controls) as unknown as Controls | null;
  const goTo = useAppStore((s) => s.views.goTo);
  const done = useRef(0);
  const move = useRef<Move | null>(null);

  /** The camera at the share `t` (0..1) of the way along the move. */
  const place = (m: Move, t: number, c: Controls) => {
    const s = t * t * (3 - 2 * t);
    camera.position.lerpVectors(m.from.position, m.to.position, s);
    c.target.lerpVectors(m.from.target, m.to.target, s);
    // an up turned half around lerps through zero: it then takes the new one at once
    const up = new Vector3().lerpVectors(m.from.up, m.to.up, s);
    camera.up.copy(up.lengthSq() > 1e-6 ? up.normalize() : m.to.up);
    camera.lookAt(c.target);
    c.update();
  };

  // a new frame (another file, Reset view) stops a move under way
  useEffect(() => {
    move.current = null;
  }, [framed]);

  useEffect(() => {
    if (!goTo || goTo.seq === done.current || !controls || !framed) return;
    done.current = goTo.seq;
    const to = vectors(goTo.view);
    const m: Move = { from: { position: camera.position.clone(), target: controls.target.clone(), up: camera.up.clone() }, to, start: performance.now() };
    if (goTo.ease) move.current = m;
    else {
      move.current = null;
      place(m, 1, controls);
    }
    invalidate();
  }, [goTo, controls, framed, camera, invalidate]);

  useFrame(() => {
    const m = move.current;
    if (!m || !controls) return;
    const t = Math.min(1, (performance.now() - m.start) / EASE_MS);
    place(m, t, controls);
    if (t < 1) invalidate();
    else move.current = null;
  });
}
