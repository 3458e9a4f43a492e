// Everything inside the canvas: the current layer, its boxes, helpers, lights, camera framing
// and picking. Reads the store; a click is reported to the owner, never written here.
import { OrbitControls } from '@react-three/drei';
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import { DirectionalLight, Group, Matrix4, PerspectiveCamera } from 'three/webgpu';
import { boxSetsOf, sceneBoxesOf, useAppStore } from '../state/store';
import { BoxSetView } from './BoxSetView';
import { ExplainMarkers } from './ExplainMarkers';
import { frameBounds, layerToWorld, viewDirection } from './framing';
import { ClipBoxView } from './ClipBoxView';
import { LayerView } from './LayerView';
import { MeasureView } from './MeasureView';
import { measurementsOf } from '../state/measurements';
import { PickMarker } from './PickMarker';
import { pickNearest, pointDepth, projectPoint } from './screenPick';
import type { ViewerEvents } from './viewerHandle';

const FOV = 50;
const CLICK_SLOP_PX = 4;

function HeadLight() {
  const light = useRef<DirectionalLight>(null);
  useFrame(({ camera }) => light.current?.position.copy(camera.position));
  return <directionalLight ref={light} intensity={2.2} />;
}

export function SceneContent({ onPick, pickable, onHandle, onClipBox }: ViewerEvents) {
  const layer = useAppStore((s) => s.layer);
  const data = useAppStore((s) => s.layerData);
  const upAxis = useAppStore((s) => s.settings.upAxis);
  const showGrid = useAppStore((s) => s.settings.showGrid);
  const showAxes = useAppStore((s) => s.settings.showAxes);
  const showBoxes = useAppStore((s) => s.settings.showBoxes);
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
  const controls = useThree((s) => s.controls) as unknown as { target: { set(x: number, y: number, z: number): void }; update(): void } | null;
  const content = useRef<Group>(null);
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
        gl.render(scene, camera);
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
      onPick(pickNearest(positions, mvp(), rect.width, rect.height, e.clientX - rect.left, e.clientY - rect.top, radius, pickable()));
    };
    canvas.addEventListener('pointerdown', onDown);
    canvas.addEventListener('pointerup', onUp);
    return () => {
      canvas.removeEventListener('pointerdown', onDown);
      canvas.removeEventListener('pointerup', onUp);
      onHandle(null);
    };
  }, [gl, scene, camera, layerId, positions, size, pointSize, onPick, pickable, onHandle]);

  useEffect(() => invalidate(), [showGrid, showAxes, showBoxes, boxSets, pick, measured, invalidate]);

  return (
    <>
      <OrbitControls makeDefault enableDamping={false} />
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
        {data && frame && <LayerView key={data.id} data={data} referenceDepth={frame.distance} />}
        {frame && <ExplainMarkers referenceDepth={frame.distance} />}
        {showBoxes && Object.values(boxSets).map((set) => <BoxSetView key={set.id} set={set} upAxis={upAxis} />)}
        {pick && frame && <PickMarker position={pick.position} radius={frame.radius * 0.012} />}
        {frame && measured.length > 0 && <MeasureView values={measured} markerRadius={frame.radius * 0.008} />}
        {clipBox && <ClipBoxView box={clipBox} up={upAxis} onChange={onClipBox} />}
      </group>
    </>
  );
}
