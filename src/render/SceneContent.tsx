// Everything inside the canvas: the layers, the active one's boxes and tools, helpers, lights,
// camera framing and picking. Each layer is drawn through its own transform; the active layer's
// tools (boxes, markers, the clip box, a height profile's line, the volume's contours) sit in its frame, measurements in
// the scene's. Reads the store; a click is reported to the owner, never written here.
import { OrbitControls } from '@react-three/drei';
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import { DirectionalLight, Group, Matrix4, PerspectiveCamera, Vector3 } from 'three/webgpu';
import { transformBounds, unionBounds, type Matrix4Elements } from '../core/layers/transform';
import { placementMatrix } from '../core/layers/placement';
import { layerSettings, pointBudgetsOf } from '../state/layerStack';
import type { LayerEntry } from '../state/slices/layers';
import { boxSetsOf, sceneBoxesOf, useAppStore, type LayerData } from '../state/store';
import type { SignedAxis } from '../core/geometry/signedAxis';
import type { Origin } from '../core/io/shift';
import { viewOrigin } from '../state/placement';
import { BoxSetView } from './BoxSetView';
import { ExplainMarkers } from './ExplainMarkers';
import { EyeDomeLighting } from './EyeDomeLighting';
import { frameBounds, layerToWorld, viewDirection } from './framing';
import { frameTimeoutsWaiting } from './frameTimers';
import { ClipBoxView } from './ClipBoxView';
import { ContourView } from './ContourView';
import { LayerView } from './LayerView';
import { MeasureView } from './MeasureView';
import { NotesView } from './NotesView';
import { ProfileView } from './ProfileView';
import { RowHighlightView } from './RowHighlightView';
import { SelectionView } from './SelectionView';
import { StrayMarkers } from './StrayMarkers';
import { useCameraMoves } from './useCameraMoves';
import { measurementsOf } from '../state/measurements';
import { PickMarker } from './PickMarker';
import { imageWithLabels } from './labelsOnImage';
import { drawnInside, drawnRegion, pickNearest, pointDepth, pointsInView, projectPoint, type DrawnPoints } from './screenPick';
import type { ViewerEvents } from './viewerHandle';

const FOV = 50;
const CLICK_SLOP_PX = 4;
/** the handle lists the drawn points' indices up to this many (for tests on small clouds) */
const DRAWN_LIST_LIMIT = 100_000;
/** how far from the cursor the wheel looks for the point it zooms towards */
const WHEEL_PICK_PX = 24;
/** how long the camera must rest before the view of a decimated layer is reported (for its detail) */
const SETTLE_MS = 600;

/** A layer's own coordinates to the world's: its transform (about its centre), its origin's offset from the view's, then its up axis onto +Y. */
function layerWorld(entry: LayerEntry, upAxis: SignedAxis, reference: Origin | undefined): Matrix4 {
  return new Matrix4().fromArray(placementMatrix({ transform: entry.transform, bounds: entry.meta.bounds, up: upAxis, origin: entry.meta.origin }, reference));
}

/** A visible layer as picking and drawing need it. */
interface Shown {
  entry: LayerEntry;
  data: LayerData;
  colorMode: string;
  upAxis: SignedAxis;
  world: Matrix4;
  drawn: { current: DrawnPoints };
}

function HeadLight() {
  const light = useRef<DirectionalLight>(null);
  useFrame(({ camera }) => light.current?.position.copy(camera.position));
  return <directionalLight ref={light} intensity={2.2} />;
}

export function SceneContent({ onPick, pickable, onHandle, onClipBox, onViewSettled, onLodView }: ViewerEvents) {
  const layer = useAppStore((s) => s.layer);
  const data = useAppStore((s) => s.layerData);
  const layers = useAppStore((s) => s.layers);
  const parked = useAppStore((s) => s.parked);
  const renderer = useAppStore((s) => s.renderer);
  const detail = useAppStore((s) => s.detailData);
  const upAxis = useAppStore((s) => s.settings.upAxis);
  const showGrid = useAppStore((s) => s.settings.showGrid);
  const showAxes = useAppStore((s) => s.settings.showAxes);
  const showBoxes = useAppStore((s) => s.settings.showBoxes);
  const eyeDomeLighting = useAppStore((s) => s.settings.eyeDomeLighting);
  const classification = useAppStore((s) => s.classification);
  // a running scene updates its view at every batch; its boxes only a few times
  const sceneBoxes = useAppStore(sceneBoxesOf);
  const models = useAppStore((s) => s.models);
  const boxesSquareToWalls = useAppStore((s) => s.settings.boxesSquareToWalls);
  const clusters = useAppStore((s) => s.clusters);
  const boxSets = useMemo(
    () => boxSetsOf({ classification, clusters, layer, models, settings: { boxesSquareToWalls } }, sceneBoxes),
    [classification, clusters, sceneBoxes, layer, models, boxesSquareToWalls],
  );
  const viewResets = useAppStore((s) => s.viewResets);
  const viewFrom = useAppStore((s) => s.viewFrom);
  const pick = useAppStore((s) => s.pick);
  const pointSize = useAppStore((s) => s.settings.pointSize);
  const settings = useAppStore((s) => s.settings);
  const measure = useAppStore((s) => s.measure);
  const clipBox = useAppStore((s) => s.clip.box);
  const measured = useMemo(() => measurementsOf({ layer, layerData: data, layers, settings, measure }), [layer, data, layers, settings, measure]);
  const { camera, gl, scene, invalidate, size, get } = useThree();
  const controls = useThree((s) => s.controls) as unknown as { target: Vector3; update(): void } | null;
  const content = useRef<Group>(null);
  // what each layer's view draws, by layer id
  const drawnBy = useRef(new Map<string, { current: DrawnPoints }>());
  const drawnOf = (id: string) => {
    if (!drawnBy.current.has(id)) drawnBy.current.set(id, { current: { indices: null, count: 0 } });
    return drawnBy.current.get(id)!;
  };
  const budgets = useMemo(() => pointBudgetsOf({ layers, renderer, settings }), [layers, renderer, settings]);
  const colorMode = settings.colorMode;
  const reference = viewOrigin({ layer, layers, settings: { colorMode, upAxis } });
  const shown = useMemo<Shown[]>(() => {
    for (const id of drawnBy.current.keys()) if (!layers.some((e) => e.meta.id === id)) drawnBy.current.delete(id);
    return layers.flatMap((entry) => {
      const d = entry.meta.id === data?.id ? data : parked[entry.meta.id]?.data;
      const own = layerSettings({ layer, layers, settings: { colorMode, upAxis } }, entry.meta.id);
      return entry.visible && d ? [{ entry, data: d, ...own, world: layerWorld(entry, own.upAxis, reference), drawn: drawnOf(entry.meta.id) }] : [];
    });
  }, [layers, parked, data, layer, colorMode, upAxis, reference]);
  const activeEntry = layers.find((e) => e.meta.id === layer?.id);
  const activeWorld = useMemo(() => (activeEntry ? layerWorld(activeEntry, upAxis, reference) : layerToWorld(upAxis)), [activeEntry, upAxis, reference]);
  const detailDrawn = useRef<DrawnPoints>({ indices: null, count: 0 });
  /** the view last seen, and the timer that reports it once the camera has rested on it */
  const settle = useRef<{ view: string; timer: ReturnType<typeof setTimeout> | null }>({ view: '', timer: null });
  /** frames drawn since the view started */
  const framesDrawn = useRef(0);
  useFrame(() => void framesDrawn.current++);
  // how a frame is drawn: by the renderer, or through eye-dome lighting's pipeline
  const draw = useRef(() => gl.render(scene, camera));
  // the canvas narrows beside the gallery drawer: the frame fits what is left
  const aspect = size.width / Math.max(1, size.height);
  // The frame takes in every visible layer where they are, when a layer comes or goes, the up axis
  // changes or the view is reset; moving a layer, choosing another active one, or a sequence's next
  // scan that fits the same view leaves the camera be. It looks at the active layer's usual front.
  const layerIds = layers.map((e) => e.framedAs ?? e.meta.id).join(',');
  const frame = useMemo(() => {
    const s = useAppStore.getState();
    const inWorld = (list: LayerEntry[]) =>
      unionBounds(list.map((e) => transformBounds(e.meta.bounds, layerWorld(e, layerSettings(s, e.meta.id).upAxis, viewOrigin(s)).elements as Matrix4Elements)));
    const bounds = inWorld(s.layers.filter((e) => e.visible)) ?? inWorld(s.layers);
    return bounds ? { ...frameBounds(bounds, '+y', FOV, aspect), direction: viewDirection(upAxis) } : null;
  }, [layerIds, upAxis, aspect, viewResets]);

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
  useCameraMoves(frame);

  const activeId = data?.id;
  const positions = data?.geometry.positions;
  const decimated = !!layer?.decimated;
  /** The model-view-projection of a layer placed by `world`. */
  const mvp = (world: Matrix4) => {
    camera.updateMatrixWorld();
    return new Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse).multiply(world).elements;
  };

  // A decimated layer's view is reported once the camera has rested, with the region it shows.
  useFrame(() => {
    const rest = settle.current;
    if (!decimated || !positions || !activeId) return;
    const view = `${camera.matrixWorld.elements.join(',')}|${camera.projectionMatrix.elements.join(',')}|${activeId}`;
    if (view === rest.view) return;
    rest.view = view;
    if (rest.timer) clearTimeout(rest.timer);
    rest.timer = setTimeout(() => {
      rest.timer = null;
      const box = drawnRegion(positions, mvp(activeWorld), drawnOf(activeId).current);
      if (box && activeId === useAppStore.getState().layer?.id) onViewSettled(box);
    }, SETTLE_MS);
  });
  useEffect(() => () => void (settle.current.timer && clearTimeout(settle.current.timer)), []);

  // Picking and the handle for screenshots and tests read the layers drawn at the time they are
  // called: every pushed batch of an overlay makes a new layerData, and the listeners stay.
  const shownNow = useRef(shown);
  shownNow.current = shown;
  useEffect(() => {
    const canvas = gl.domElement;
    // Null until this scene has caught up with the store's active layer (or where the layer is not drawn).
    const target = (layerId?: string) => {
      const id = layerId ?? useAppStore.getState().layer?.id;
      return id === undefined || (layerId === undefined && id !== activeId) ? undefined : shownNow.current.find((t) => t.data.id === id);
    };
    /** The drawn point under (x, y) nearest the camera, over every layer `pickable` names (all drawn ones where it is undefined). */
    const nearest = (x: number, y: number, radius: number, pickable?: Record<string, Uint8Array | undefined>) => {
      let best: { layer: Shown; index: number; depth: number } | null = null;
      for (const t of shownNow.current) {
        if (pickable && !(t.data.id in pickable)) continue;
        const m = mvp(t.world);
        const positions = t.data.geometry.positions;
        const index = pickNearest(positions, m, size.width, size.height, x, y, radius, pickable?.[t.data.id], t.drawn.current);
        const depth = index >= 0 ? (pointDepth(positions, index, m) ?? Infinity) : Infinity;
        if (index >= 0 && (!best || depth < best.depth)) best = { layer: t, index, depth };
      }
      return best;
    };
    onHandle({
      screenshot: () => {
        draw.current();
        return imageWithLabels(canvas);
      },
      project: (index, layerId) => {
        const t = target(layerId);
        return t ? projectPoint(t.data.geometry.positions, index, mvp(t.world), size.width, size.height) : null;
      },
      depth: (index, layerId) => {
        const t = target(layerId);
        return t ? pointDepth(t.data.geometry.positions, index, mvp(t.world)) : null;
      },
      view: () => {
        const t = target();
        return t ? { mvp: [...mvp(t.world)], width: size.width, height: size.height } : null;
      },
      camera: () => {
        if (!content.current || activeId !== useAppStore.getState().layer?.id) return null;
        content.current.updateMatrixWorld();
        const p = camera.position.clone().applyMatrix4(new Matrix4().copy(content.current.matrixWorld).invert());
        return [p.x, p.y, p.z];
      },
      frames: () => ({ drawn: framesDrawn.current, owed: get().internal.frames > 0 || frameTimeoutsWaiting() > 0 }),
      cameraView: () => (controls ? { position: camera.position.toArray(), target: controls.target.toArray(), up: camera.up.toArray() } : null),
      drawn: (layerId) => {
        const t = target(layerId);
        if (!t) return null;
        const { indices, count, nodes = 0 } = t.drawn.current;
        return { points: count, nodes, ...pointsInView(t.data.geometry.positions, mvp(t.world), t.drawn.current), indices: indices && count <= DRAWN_LIST_LIMIT ? [...indices.subarray(0, count)] : undefined };
      },
      drawnInBox: (box) => {
        if (!positions || !activeId || activeId !== useAppStore.getState().layer?.id) return null;
        const shownDetail = useAppStore.getState().detailData;
        return { layer: drawnInside(positions, drawnOf(activeId).current, box), detail: shownDetail ? drawnInside(shownDetail.geometry.positions, detailDrawn.current, box) : 0 };
      },
    });
    let down: { x: number; y: number } | null = null;
    const onDown = (e: PointerEvent) => {
      down = e.button === 0 ? { x: e.clientX, y: e.clientY } : null;
    };
    const onUp = (e: PointerEvent) => {
      if (!down) return;
      const moved = Math.hypot(e.clientX - down.x, e.clientY - down.y);
      down = null;
      if (moved > CLICK_SLOP_PX) return;
      const rect = canvas.getBoundingClientRect();
      const hit = nearest(e.clientX - rect.left, e.clientY - rect.top, Math.max(8, pointSize), pickable());
      onPick(hit?.layer.data.id ?? null, hit?.index ?? -1);
    };
    // The wheel zooms towards the cursor by a share of the distance to the drawn point under it, as
    // in Potree: the orbit target moves along the view axis to that point's depth before the
    // controls (listening further up) take the event, so zooming reaches into any corner and stops short of it.
    const onWheel = (e: WheelEvent) => {
      if (!controls) return;
      const rect = canvas.getBoundingClientRect();
      const hit = nearest(e.clientX - rect.left, e.clientY - rect.top, WHEEL_PICK_PX);
      if (!hit) return;
      const point = new Vector3().fromArray(hit.layer.data.geometry.positions, 3 * hit.index).applyMatrix4(hit.layer.world);
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
  }, [gl, scene, camera, controls, activeId, positions, size, pointSize, onPick, pickable, onHandle, get]);

  // the picked point sits in its own layer's frame
  const pickWorld = useMemo(() => {
    const entry = pick && layers.find((e) => e.meta.id === pick.layerId);
    return entry ? layerWorld(entry, layerSettings({ layer, layers, settings: { colorMode, upAxis } }, entry.meta.id).upAxis, reference) : null;
  }, [pick, layers, layer, colorMode, upAxis, reference]);

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
      {frame &&
        shown.map(({ entry, data: d, world, drawn, colorMode: mode, upAxis: up }) => (
          <group key={entry.meta.id} matrix={world} matrixAutoUpdate={false}>
            <LayerView
              data={d}
              referenceDepth={frame.distance}
              drawn={drawn}
              budget={budgets[entry.meta.id] ?? d.geometry.positions.length / 3}
              colorMode={mode}
              upAxis={up}
              active={entry.meta.id === layer?.id}
              onLodView={onLodView}
            />
          </group>
        ))}
      {pick && pickWorld && frame && (
        <group matrix={pickWorld} matrixAutoUpdate={false}>
          <PickMarker position={pick.position} radius={frame.radius * 0.012} />
        </group>
      )}
      {/* measurements join points of any layers, each placed as drawn: they are in the scene's frame */}
      {frame && measured.length > 0 && <MeasureView values={measured} markerRadius={frame.radius * 0.008} />}
      {/* as measurements, notes are on any layer, each placed as drawn */}
      {frame && <NotesView markerRadius={frame.radius * 0.008} sceneRadius={frame.radius} measured={measured} />}
      <group ref={content} matrix={activeWorld} matrixAutoUpdate={false}>
        {detail && frame && (
          <LayerView
            key={detail.id}
            data={detail}
            referenceDepth={frame.distance}
            drawn={detailDrawn}
            budget={detail.geometry.positions.length / 3}
            colorMode={colorMode}
            upAxis={upAxis}
            active={false}
          />
        )}
        {frame && <ExplainMarkers referenceDepth={frame.distance} />}
        {showBoxes && Object.values(boxSets).map((set) => <BoxSetView key={set.id} set={set} upAxis={upAxis} />)}
        {frame && <StrayMarkers referenceDepth={frame.distance} />}
        {frame && <SelectionView referenceDepth={frame.distance} />}
        {frame && <RowHighlightView referenceDepth={frame.distance} />}
        {clipBox && <ClipBoxView box={clipBox} up={upAxis} onChange={onClipBox} />}
        {frame && <ProfileView markerRadius={frame.radius * 0.008} />}
        <ContourView />
      </group>
    </>
  );
}
