// One layer as points or a mesh. Colour buffers are allocated once per layer; a colour mode
// change repaints them in place and bumps a version, never rebuilding the scene graph, and an
// overlay that changed at a few points repaints only those. A cloud over the point budget is drawn
// through its octree: the nodes in view are chosen again whenever the camera moves, and their
// points gathered from the layer's full arrays into buffers of the budget's size, so colour modes,
// overlays and hidden labels work on whatever is drawn. Reads the store, writes nothing.
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { Matrix4, PerspectiveCamera, Vector3, type Group } from 'three/webgpu';
import { resolveColorMode, visibleMask } from '../core/color/colorModes';
import { keptTriangles } from '../core/geometry/clip';
import { gatherRows } from '../core/geometry/displaySubset';
import { selectedPoints, selectNodes, type LodView } from '../core/geometry/lodSelection';
import type { SignedAxis } from '../core/geometry/signedAxis';
import { keptMaskOf } from '../state/clipMask';
import { colorSourceOf, useAppStore, type LayerData } from '../state/store';
import { hexToRgb, MOVING_SHARE } from '../state/viewSettings';
import { clearFrameTimeout, setFrameTimeout } from './frameTimers';
import { writeLinearColors, writeLinearColorsAt } from './linearColors';
import { MeshSurface } from './MeshSurface';
import { PointSprites, type PointSpritesHandle } from './PointSprites';
import type { DrawnPoints } from './screenPick';

/**
 * A growing overlay asks for a new frame at most this often. Under software compositing every
 * frame reads the whole canvas back (GLES2::ReadPixels in a Chrome trace), about a second of the
 * page's main thread on this project's machine, so a frame for every pushed batch would leave no
 * time for the person's own input.
 */
const OVERLAY_FRAME_MS = { hardware: 100, software: 2000 } as const;

/** The octree's nodes are chosen again at most this often while the camera moves. */
const SELECT_INTERVAL_MS = 200;

export interface LayerViewProps {
  data: LayerData;
  /** camera distance at which points are `pointSize` pixels wide */
  referenceDepth: number;
  /** where the view says which points it draws, for picking and the test hook */
  drawn: RefObject<DrawnPoints>;
  /** the most points drawn at once: this layer's share of the point budget */
  budget: number;
  colorMode: string;
  /** which way is up in the layer's file (the height colours follow it) */
  upAxis: SignedAxis;
  /** the layer the tools act on: the clip cuts it alone */
  active: boolean;
  /** hears the camera's view of a layer streamed from a file, which fetches the nodes it picks */
  onLodView?: (layerId: string, view: LodView) => void;
}

export function LayerView({ data, referenceDepth, drawn, budget, colorMode, upAxis, active, onLodView }: LayerViewProps) {
  const settings = useAppStore((s) => s.settings);
  const software = useAppStore((s) => s.renderer?.software ?? false);
  // the kept points (the clip's, less hidden stray points): hidden like the legend's hidden classes, and a mesh's cut triangles dropped
  const clipMask = useAppStore((s) => (active ? keptMaskOf(s) : null));
  const { geometry } = data;
  const count = geometry.positions.length / 3;
  // meshes draw all their vertices; a cloud within the budget is drawn whole
  const octree = geometry.kind === 'points' && data.octree && count > budget ? data.octree : null;
  const invalidate = useThree((s) => s.invalidate);
  const streamed = useAppStore((s) => s.layers.find((e) => e.meta.id === data.id)?.meta.stream !== undefined) && onLodView;

  const display = useMemo(() => {
    const capacity = octree ? budget : count;
    return {
      /** the drawn points' indices into the layer's arrays (null: every point in its own order) */
      indices: octree ? new Uint32Array(capacity) : null,
      positions: octree ? new Float32Array(capacity * 3) : geometry.positions,
      /** the drawn points' normals, where the layer has them (for lit points) */
      normals: geometry.normals && octree ? new Float32Array(capacity * 3) : geometry.normals,
      /** colours of every point of the layer, as the colour mode paints them */
      srgb: new Float32Array(count * 3),
      linear: new Float32Array(capacity * 3),
      /** for every point of the layer, whether its label is shown; null when all are */
      visible: null as Uint8Array | null,
      drawnVisible: new Float32Array(capacity).fill(1),
      movingCount: Math.min(capacity, Math.round(budget * MOVING_SHARE)),
      /** the nodes drawn, and the view and time they were chosen for */
      selection: { nodes: '', view: '', at: -Infinity, timer: null as ReturnType<typeof setTimeout> | null },
    };
  }, [geometry, count, octree, budget]);
  const sprites = useRef<PointSpritesHandle>(null);
  const anchor = useRef<Group>(null);

  useEffect(() => {
    drawn.current = { indices: display.indices, count: display.indices ? 0 : count };
    invalidate();
    return () => clearFrameTimeout(display.selection.timer);
  }, [display, drawn, count, invalidate]);

  /** Rewrites the drawn points' colours and visibility from the whole layer's. */
  const refill = () => {
    const n = drawn.current.count;
    writeLinearColors(display.srgb, display.linear, display.indices, n);
    const { drawnVisible, indices, visible } = display;
    for (let k = 0; k < n; k++) drawnVisible[k] = visible ? visible[indices ? indices[k] : k] : 1;
  };

  useFrame(({ camera, size }) => {
    const sel = display.selection;
    if (!(octree || streamed) || !anchor.current || !sprites.current || !(camera instanceof PerspectiveCamera)) return;
    camera.updateMatrixWorld();
    anchor.current.updateWorldMatrix(true, false);
    const model = anchor.current.matrixWorld;
    const mvp = new Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse).multiply(model);
    const view = `${mvp.elements.join(',')}|${size.height}`;
    if (view === sel.view) return;
    const wait = sel.at + SELECT_INTERVAL_MS - performance.now();
    if (wait > 0) {
      // the last move of a drag must still be answered once the interval has passed
      sel.timer ??= setFrameTimeout(() => {
        sel.timer = null;
        invalidate();
      }, wait);
      return;
    }
    sel.view = view;
    sel.at = performance.now();
    const eye = camera.getWorldPosition(new Vector3()).applyMatrix4(model.clone().invert());
    const pixelsPerUnit = size.height / (2 * Math.tan((camera.fov * Math.PI) / 360));
    const lodView: LodView = { mvp: mvp.elements, eye: [eye.x, eye.y, eye.z], pixelsPerUnit, budget };
    if (streamed) streamed(data.id, lodView);
    if (!octree || !display.indices) return;
    const { nodes } = selectNodes(octree, lodView);
    const key = nodes.join(',');
    if (key === sel.nodes) return;
    sel.nodes = key;
    const n = selectedPoints(octree, nodes, display.indices);
    gatherRows(geometry.positions, 3, display.indices.subarray(0, n), display.positions);
    if (geometry.normals && display.normals) gatherRows(geometry.normals, 3, display.indices.subarray(0, n), display.normals);
    drawn.current = { indices: display.indices, count: n, nodes: nodes.length };
    refill();
    sprites.current.redraw(n);
  });

  const [colorVersion, setColorVersion] = useState(0);
  const { colorMap, uniformColor, hiddenLabels, scaleRanges } = settings;
  const source = useMemo(() => colorSourceOf(data), [data]);
  const mode = useMemo(() => resolveColorMode(source, colorMode), [source, colorMode]);
  const hidden = hiddenLabels[mode.id];
  const range = scaleRanges[mode.id];
  // what the last full repaint was of, so that a later overlay change can repaint just its points
  const painted = useRef<{ mode: string; revision: number; settingsKey: string; clipMask: Uint8Array | null } | null>(null);
  const frameTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearFrameTimeout(frameTimer.current), []);

  useEffect(() => {
    const colorSettings = { colorMap, uniformColor: hexToRgb(uniformColor), upAxis, range };
    const settingsKey = JSON.stringify([colorMap, uniformColor, upAxis, hidden, range, display.linear.length]);
    const last = painted.current;
    const clipChanged = last !== null && last.clipMask !== clipMask;
    // hidden labels make visibility depend on every point's label: those repaint whole
    const hiding = Array.isArray(hidden) && hidden.length > 0;
    const onlyChanged = !hiding && !clipChanged && data.changed && last && last.mode === mode.id && last.settingsKey === settingsKey && last.revision === data.revision - 1;
    painted.current = { mode: mode.id, revision: data.revision, settingsKey, clipMask };
    if (onlyChanged && data.changed) {
      mode.paint(source, colorSettings, display.srgb, data.changed);
      // a decimated view draws at most the budget: regathering it costs no more than the changed points' slots would
      if (display.indices) writeLinearColors(display.srgb, display.linear, display.indices, drawn.current.count);
      else writeLinearColorsAt(display.srgb, display.linear, data.changed);
      // the buffers hold every change at once; the frame that shows them can wait a little
      frameTimer.current ??= setFrameTimeout(() => {
        frameTimer.current = null;
        setColorVersion((v) => v + 1);
      }, OVERLAY_FRAME_MS[software ? 'software' : 'hardware']);
      return;
    }
    clearFrameTimeout(frameTimer.current);
    frameTimer.current = null;
    mode.paint(source, colorSettings, display.srgb);
    display.visible = bothShown(visibleMask(mode, source, new Set(Array.isArray(hidden) ? hidden : [])) ?? null, clipMask);
    refill();
    setColorVersion((v) => v + 1);
    // refill reads the drawn points, which change with the camera, not with these
  }, [data, source, display, mode, colorMap, uniformColor, upAxis, hidden, range, software, drawn, clipMask]);
  const triangles = useMemo(
    () => (geometry.kind === 'mesh' ? (clipMask ? keptTriangles(geometry.indices, clipMask) : geometry.indices) : null),
    [geometry, clipMask],
  );

  const points = (
    <group ref={anchor}>
      <PointSprites
        ref={sprites}
        positions={display.positions}
        colors={display.linear}
        visibility={display.drawnVisible}
        colorVersion={colorVersion}
        size={settings.pointSize}
        attenuation={settings.sizeAttenuation}
        referenceDepth={referenceDepth}
        movingCount={display.movingCount}
        normals={display.normals}
        lit={settings.litPoints}
      />
    </group>
  );
  if (geometry.kind === 'points' || settings.meshMode === 'points') return points;
  return (
    <MeshSurface
      positions={geometry.positions}
      normals={geometry.normals}
      indices={triangles!}
      colors={display.linear}
      colorVersion={colorVersion}
      wireframe={settings.meshMode === 'wireframe'}
      flat={data.flatShading}
    />
  );
}

/** Shown where both masks show a point (a label not hidden, inside the clip); null when neither hides any. */
function bothShown(labels: ArrayLike<number> | null, clip: ArrayLike<number> | null): Uint8Array | null {
  if (!labels && !clip) return null;
  const n = (labels ?? clip)!.length;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (labels ? labels[i] : 1) && (clip ? clip[i] : 1) ? 1 : 0;
  return out;
}
