// Everything inside the canvas: the current layer, its boxes, helpers, lights, camera framing
// and picking. Reads the store; a click is reported to the owner, never written here.
import { OrbitControls } from '@react-three/drei';
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import { DirectionalLight, Group, Matrix4, PerspectiveCamera, Vector3 } from 'three/webgpu';
import { boxSetsOf, sceneBoxesOf, useAppStore } from '../state/store';
import { BoxSetView } from './BoxSetView';
import { ExplainMarkers } from './ExplainMarkers';
import { EyeDomeLighting } from './EyeDomeLighting';
import { frameBounds, layerToWorld, viewDirection } from './framing';
import { ClipBoxView } from './ClipBoxView';
import { LayerView } from './LayerView';
import { MeasureView } from './MeasureView';
import { measurementsOf } from '../state/measurements';
import { PickMarker } from './PickMarker';
import { pickNearest, pointDepth, pointsInView, projectPoint, type DrawnPoints } from './screenPick';
import type { ViewerEvents } from './viewerHandle';

const FOV = 50;
const CLICK_SLOP_PX = 4;
/** the handle lists the drawn points' indices up to this many (for tests on small clouds) */
const DRAWN_LIST_LIMIT = 100_000;
/** how far from the cursor the wheel looks for the point it zooms towards */
const WHEEL_PICK_PX = 24;

function HeadLight() {
  const light = useRef<DirectionalLight>(null);
  useFrame(({ camera }) => light.current?.position.copy(camera.position));
  return <directionalLight ref={light} intensity={2.2} />;
}

export function SceneContent({ onPick, pickable, onHandle, onClipBox, onLodView }: ViewerEvents) {
  const layer = useAppStore((s) => s.layer);
  const data = useAppStore((s) => s.layerData);
  const upAxis = useAppStore((s) => s.settings.upAxis);
  const showGrid = useAppStore((s) => s.settings.showGrid);
  const showAxes = useAppStore((s) => s.settings.showAxes);
  const showBoxes = useAppStore((s) => s.settings.showBoxes);
  const eyeDomeLighting = useAppStore((s) => s.settings.eyeDomeLighting);
  const classification = useAppStore((s) => s.classification);
  // a running scene updates its view at every batch; its boxes only a few times
  const sceneBoxes = useAppStore(sceneBoxesOf);
  const models = useAppStore((s) => s.models);
  const boxSets = useMemo(() => boxSetsOf({ classification, layer, models }, sceneBoxes), [classification, sceneBoxes, layer, models]);
  const viewResets = useAppStore((s) => s.viewResets);
  const viewFrom = useAppStore((s) => s.viewFrom);
  const pick = useAppStore((s) => s.pick);
  const pointSize = useAppStore((s) => s.settings.pointSize);
  const settings = useAppStore((s) => s.settings);
  const measure = useAppStore((s) => s.measure);
  const clipBox = useAppStore((s) => s.clip.box);
  const measured = useMemo(() => measurementsOf({ layer, layerData: data, settings, measure }), [layer, data, settings, measure]);
  const { camera, gl, scene, invalidate, size } = useThree();
  const controls = useThree((s) => s.controls) as unknown as { target: Vector3; update(): void } | null;
  const content = useRef<Group>(null);
  const drawn = useRef<DrawnPoints>({ indices: null, count: 0 });
  // how a frame is drawn: by the renderer, or through eye-dome lighting's pipeline
  const draw = useRef(() => gl.render(scene, camera));
  // the canvas narrows beside the gallery drawer: the frame fits what is left
  const aspect = size.width / Math.max(1, size.height);
  const frame = useMemo(() => (layer ? frameBounds(layer.bounds, upAxis, FOV, aspect) : null), [layer?.bounds, upAxis, aspect]);
  const toLayer = useMemo(() => layerToWorld(upAxis), [upAxis]);

  // Frame the camera on a new layer, a new up axis, or "reset view".
  useEffect(() => {
    if (!frame || !(camera instanceof PerspectiveCamera)) return;
    const [cx, cy, cz] = frame.center;
    const d = frame.distance;
    camera.fov = FOV;
    camera.near = Math.max(d / 1000, 1e-4);
    camera.far = d * 100;
    camera.position.set(...(viewFrom === 'top' ? viewDirection(upAxis, 'top') : frame.direction)).setLength(d).add({ x: cx, y: cy, z: cz });
    camera.lookAt(cx, cy, cz);
    camera.updateProjectionMatrix();
    controls?.target.set(cx, cy, cz);
    controls?.update();
    invalidate();
  }, [frame, viewResets, viewFrom, upAxis, camera, controls, invalidate]);

  // Picking and the handle for screenshots and tests: they need the points, not the overlays,
  // whose every pushed batch makes a new layerData.
  const layerId = data?.id;
  const positions = data?.geometry.positions;
  useEffect(() => {
    const canvas = gl.domElement;
    const mvp = () => {
      content.current?.updateMatrixWorld();
      camera.updateMatrixWorld();
      return new Matrix4()
        .multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse)
        .multiply(content.current?.matrixWorld ?? new Matrix4()).elements;
    };
    onHandle({
      screenshot: () => {
        draw.current();
        return canvas.toDataURL('image/png');
      },
      // Null until this scene has caught up with the store's current layer.
      project: (index) =>
        positions && layerId === useAppStore.getState().layer?.id
          ? projectPoint(positions, index, mvp(), size.width, size.height)
          : null,
      depth: (index) => (positions && layerId === useAppStore.getState().layer?.id ? pointDepth(positions, index, mvp()) : null),
      camera: () => {
        if (!content.current || layerId !== useAppStore.getState().layer?.id) return null;
        content.current.updateMatrixWorld();
        const p = camera.position.clone().applyMatrix4(new Matrix4().copy(content.current.matrixWorld).invert());
        return [p.x, p.y, p.z];
      },
      drawn: () => {
        if (!positions || layerId !== useAppStore.getState().layer?.id) return null;
        const { indices, count, nodes = 0 } = drawn.current;
        return { points: count, nodes, ...pointsInView(positions, mvp(), drawn.current), indices: indices && count <= DRAWN_LIST_LIMIT ? [...indices.subarray(0, count)] : undefined };
      },
    });
    let down: { x: number; y: number } | null = null;
    const onDown = (e: PointerEvent) => {
      down = e.button === 0 ? { x: e.clientX, y: e.clientY } : null;
    };
    const onUp = (e: PointerEvent) => {
      if (!down || !positions) return;
      const moved = Math.hypot(e.clientX - down.x, e.clientY - down.y);
      down = null;
      if (moved > CLICK_SLOP_PX) return;
      const rect = canvas.getBoundingClientRect();
      const radius = Math.max(8, pointSize);
      onPick(pickNearest(positions, mvp(), rect.width, rect.height, e.clientX - rect.left, e.clientY - rect.top, radius, pickable(), drawn.current));
    };
    // The wheel zooms towards the cursor by a share of the distance to the drawn point under it, as
    // in Potree: the orbit target moves along the view axis to that point's depth before the
    // controls (listening further up) take the event, so zooming reaches into any corner and stops short of it.
    const onWheel = (e: WheelEvent) => {
      if (!positions || !controls) return;
      const rect = canvas.getBoundingClientRect();
      const m = mvp();
      const hit = pickNearest(positions, m, rect.width, rect.height, e.clientX - rect.left, e.clientY - rect.top, WHEEL_PICK_PX, undefined, drawn.current);
      if (hit < 0) return;
      const point = new Vector3().fromArray(positions, 3 * hit).applyMatrix4(content.current?.matrixWorld ?? new Matrix4());
      const axis = camera.getWorldDirection(new Vector3());
      const depth = point.sub(camera.position).dot(axis);
      if (depth > camera.near) controls.target.copy(camera.position).addScaledVector(axis, depth);
    };
    canvas.addEventListener('pointerdown', onDown);
    canvas.addEventListener('pointerup', onUp);
    canvas.addEventListener('wheel', onWheel);
    return () => {
      canvas.removeEventListener('pointerdown', onDown);
      canvas.removeEventListener('pointerup', onUp);
      canvas.removeEventListener('wheel', onWheel);
      onHandle(null);
    };
  }, [gl, scene, camera, controls, layerId, positions, size, pointSize, onPick, pickable, onHandle]);

  useEffect(() => invalidate(), [showGrid, showAxes, showBoxes, boxSets, pick, measured, invalidate]);

  return (
    <>
      <OrbitControls makeDefault enableDamping={false} zoomToCursor />
      {eyeDomeLighting && <EyeDomeLighting draw={draw} />}
      <ambientLight intensity={0.9} />
      <hemisphereLight args={['#ffffff', '#444444', 0.8]} />
      <HeadLight />
      {frame && showGrid && (
        <gridHelper
          args={[Math.ceil(frame.extent * 1.5 * 10) / 10 || 1, 20, '#5a606c', '#343840']}
          position={[frame.center[0], frame.floor, frame.center[2]]}
        />
      )}
      {frame && showAxes && <axesHelper args={[frame.radius]} />}
      <group ref={content} matrix={toLayer} matrixAutoUpdate={false}>
        {data && frame && <LayerView key={data.id} data={data} referenceDepth={frame.distance} drawn={drawn} onLodView={onLodView} />}
        {frame && <ExplainMarkers referenceDepth={frame.distance} />}
        {showBoxes && Object.values(boxSets).map((set) => <BoxSetView key={set.id} set={set} upAxis={upAxis} />)}
        {pick && frame && <PickMarker position={pick.position} radius={frame.radius * 0.012} />}
        {frame && measured.length > 0 && <MeasureView values={measured} markerRadius={frame.radius * 0.008} />}
        {clipBox && <ClipBoxView box={clipBox} up={upAxis} onChange={onClipBox} />}
      </group>
    </>
  );
}
