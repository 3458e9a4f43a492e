// The shown layer as points or a mesh. Colour buffers are allocated once per layer; a colour mode
// change repaints them in place and bumps a version, never rebuilding the scene graph, and an
// overlay that changed at a few points repaints only those. Reads the store, writes nothing.
import { useEffect, useMemo, useRef, useState } from 'react';
import { resolveColorMode, visibleMask } from '../core/color/colorModes';
import { keptTriangles } from '../core/geometry/clip';
import { DISPLAY_BUDGET, displayOrder, gatherRows } from '../core/geometry/displaySubset';
import { clipMaskOf } from '../state/clipMask';
import { colorSourceOf, useAppStore, type LayerData } from '../state/store';
import { hexToRgb } from '../state/viewSettings';
import { writeLinearColors, writeLinearColorsAt } from './linearColors';
import { MeshSurface } from './MeshSurface';
import { PointSprites } from './PointSprites';

/**
 * A growing overlay asks for a new frame at most this often. Under software compositing every
 * frame reads the whole canvas back (GLES2::ReadPixels in a Chrome trace), about a second of the
 * page's main thread on this project's machine, so a frame for every pushed batch would leave no
 * time for the person's own input.
 */
const OVERLAY_FRAME_MS = { hardware: 100, software: 2000 } as const;

export interface LayerViewProps {
  data: LayerData;
  /** camera distance at which points are `pointSize` pixels wide */
  referenceDepth: number;
}

export function LayerView({ data, referenceDepth }: LayerViewProps) {
  const settings = useAppStore((s) => s.settings);
  const software = useAppStore((s) => s.renderer?.software ?? false);
  // the clip's kept points: hidden like the legend's hidden classes, and a mesh's cut triangles dropped
  const clipMask = useAppStore(clipMaskOf);
  const { geometry } = data;
  const count = geometry.positions.length / 3;

  const display = useMemo(() => {
    // Meshes draw all vertices; only clouds are thinned for display.
    const budget = software ? DISPLAY_BUDGET.software : DISPLAY_BUDGET.hardware;
    const indices = geometry.kind === 'points' ? displayOrder(count, budget) : null;
    const positions = indices ? gatherRows(geometry.positions, 3, indices, new Float32Array(indices.length * 3)) : geometry.positions;
    const normals = geometry.normals && indices ? gatherRows(geometry.normals, 3, indices, new Float32Array(indices.length * 3)) : geometry.normals;
    const drawn = positions.length / 3;
    // where each point is drawn (-1: not drawn), to repaint single points of a thinned cloud
    let slotOf: Int32Array | null = null;
    if (indices) {
      slotOf = new Int32Array(count).fill(-1);
      for (let k = 0; k < indices.length; k++) slotOf[indices[k]] = k;
    }
    return {
      indices,
      slotOf,
      positions,
      normals,
      movingCount: Math.min(drawn, budget.moving),
      srgb: new Float32Array(count * 3),
      linear: new Float32Array(positions.length),
      drawnVisible: new Float32Array(drawn).fill(1),
    };
  }, [geometry, count, software]);

  const [colorVersion, setColorVersion] = useState(0);
  const { colorMode, colorMap, uniformColor, upAxis, hiddenLabels } = settings;
  const source = useMemo(() => colorSourceOf(data), [data]);
  const mode = useMemo(() => resolveColorMode(source, colorMode), [source, colorMode]);
  const hidden = hiddenLabels[mode.id];
  // what the last full repaint was of, so that a later overlay change can repaint just its points
  const painted = useRef<{ mode: string; revision: number; settingsKey: string; clipMask: Uint8Array | null } | null>(null);
  const frameTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (frameTimer.current && clearTimeout(frameTimer.current)), []);

  useEffect(() => {
    const colorSettings = { colorMap, uniformColor: hexToRgb(uniformColor), upAxis };
    const settingsKey = JSON.stringify([colorMap, uniformColor, upAxis, hidden, display.linear.length]);
    const last = painted.current;
    const clipChanged = last !== null && last.clipMask !== clipMask;
    // hidden labels make visibility depend on every point's label: those repaint whole
    const hiding = Array.isArray(hidden) && hidden.length > 0;
    const onlyChanged = !hiding && !clipChanged && data.changed && last && last.mode === mode.id && last.settingsKey === settingsKey && last.revision === data.revision - 1;
    painted.current = { mode: mode.id, revision: data.revision, settingsKey, clipMask };
    if (onlyChanged && data.changed) {
      mode.paint(source, colorSettings, display.srgb, data.changed);
      writeLinearColorsAt(display.srgb, display.linear, data.changed, display.slotOf);
      // the buffers hold every change at once; the frame that shows them can wait a little
      frameTimer.current ??= setTimeout(() => {
        frameTimer.current = null;
        setColorVersion((v) => v + 1);
      }, OVERLAY_FRAME_MS[software ? 'software' : 'hardware']);
      return;
    }
    if (frameTimer.current) clearTimeout(frameTimer.current);
    frameTimer.current = null;
    {
      mode.paint(source, colorSettings, display.srgb);
      writeLinearColors(display.srgb, display.linear, display.indices);
      const visible = visibleMask(mode, source, new Set(Array.isArray(hidden) ? hidden : []));
      const { drawnVisible, indices } = display;
      for (let i = 0; i < drawnVisible.length; i++) {
        const p = indices ? indices[i] : i;
        drawnVisible[i] = (visible ? visible[p] : 1) * (clipMask ? clipMask[p] : 1);
      }
    }
    setColorVersion((v) => v + 1);
  }, [data, source, display, mode, colorMap, uniformColor, upAxis, hidden, software, clipMask]);
  const triangles = useMemo(
    () => (geometry.kind === 'mesh' ? (clipMask ? keptTriangles(geometry.indices, clipMask) : geometry.indices) : null),
    [geometry, clipMask],
  );

  const points = (
    <PointSprites
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
